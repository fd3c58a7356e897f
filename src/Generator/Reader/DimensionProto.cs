namespace OnnxTyped.Generator.Reader;

/// <summary>
/// One <c>TensorShapeProto.Dimension</c>: a <c>dim_value</c> or a <c>dim_param</c>, or neither
/// (an anonymous dimension). At most one is set: the field is a oneof.
/// </summary>
/// <param name="Value">The <c>dim_value</c> as written (exporters write -1 for "unknown"), or null.</param>
/// <param name="Param">The <c>dim_param</c> (a symbolic name), or null.</param>
internal sealed record DimensionProto(long? Value, string? Param);
