using System.Collections.Generic;

namespace OnnxTyped.Generator.Reader;

/// <summary>The fields of <c>ValueInfoProto</c> the reader keeps, with its <c>TypeProto</c> flattened.</summary>
internal sealed class ValueInfoProto
{
    public string Name { get; set; } = "";
    public string DocString { get; set; } = "";
    public ValueKind Kind { get; set; }
    /// <summary>The raw <c>elem_type</c> (0 when absent): kept as a number so unknown types can be named in diagnostics.</summary>
    public int ElementType { get; set; }
    /// <summary>False when the tensor type has no <c>shape</c> field: the rank is unknown.</summary>
    public bool HasShape { get; set; }
    public List<DimensionProto> Dims { get; } = new();
}
