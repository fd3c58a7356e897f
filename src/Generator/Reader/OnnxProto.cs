using System.Collections.Generic;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Reader;

// The parts of onnx.proto the reader keeps, as plain mutable classes. They live only while one
// file is read; the pipeline sees the ModelSpec built from them.

/// <summary>The kept fields of <c>ModelProto</c>.</summary>
internal sealed class ModelProto
{
    public long IrVersion { get; set; }
    public string ProducerName { get; set; } = "";
    public string ProducerVersion { get; set; } = "";
    public long ModelVersion { get; set; }
    public string DocString { get; set; } = "";
    public List<OpsetSpec> Opsets { get; } = new();
    public List<MetadataEntrySpec> Metadata { get; } = new();
    public GraphProto? Graph { get; set; }
}

/// <summary>The kept fields of <c>GraphProto</c>: no nodes, and initializers by name only.</summary>
internal sealed class GraphProto
{
    public string Name { get; set; } = "";
    public string DocString { get; set; } = "";
    public List<ValueInfoProto> Inputs { get; } = new();
    public List<ValueInfoProto> Outputs { get; } = new();
    public HashSet<string> InitializerNames { get; } = new(System.StringComparer.Ordinal);
}

/// <summary>What kind of value a <c>TypeProto</c> declares.</summary>
internal enum ValueKind
{
    /// <summary>The value info has no type field.</summary>
    Missing,
    Tensor,
    Sequence,
    Map,
    Optional,
    SparseTensor,
    /// <summary>A type this reader does not know (opaque, or a later ONNX addition).</summary>
    Other,
}

/// <summary>The kept fields of <c>ValueInfoProto</c> with its <c>TypeProto</c> flattened.</summary>
internal sealed class ValueInfoProto
{
    public string Name { get; set; } = "";
    public string DocString { get; set; } = "";
    public ValueKind Kind { get; set; }
    public int ElementType { get; set; }
    public bool HasShape { get; set; }
    public List<DimSpec> Dims { get; } = new();
}
