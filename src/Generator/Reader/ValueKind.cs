namespace OnnxTyped.Generator.Reader;

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
