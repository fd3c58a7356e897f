using System;
using System.Collections.Generic;

namespace OnnxTyped.Generator.Reader;

/// <summary>The fields of <c>GraphProto</c> the reader keeps: no nodes, and initializers by name only.</summary>
internal sealed class GraphProto
{
    public string Name { get; set; } = "";
    public string DocString { get; set; } = "";
    public List<ValueInfoProto> Inputs { get; } = new();
    public List<ValueInfoProto> Outputs { get; } = new();
    public HashSet<string> InitializerNames { get; } = new(StringComparer.Ordinal);
}
