namespace OnnxTyped.Conformance;

/// <summary>An optional value from an <c>OptionalProto</c> file.</summary>
internal sealed class OptionalData
{
    public OptionalData(object? value) => Value = value;

    /// <summary>The contained tensor or sequence, or <see langword="null"/> for an empty optional.</summary>
    public object? Value { get; }
}
