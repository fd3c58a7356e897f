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

    /// <summary>
    /// What a sequence holds, what an optional may hold, or a map's value type (a value with no name); null for a tensor,
    /// for a type the reader does not know, and past <see cref="ValueInfoProtoReader.MaxTypeDepth"/> levels.
    /// </summary>
    public ValueInfoProto? Element { get; set; }

    /// <summary>A map's raw <c>key_type</c> (0 when absent or not a map).</summary>
    public int MapKeyType { get; set; }
}
