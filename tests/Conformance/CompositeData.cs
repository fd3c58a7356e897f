using System.Collections.Generic;

namespace OnnxTyped.Conformance;

/// <summary>A sequence value from a <c>SequenceProto</c> file: tensors, sequences or optionals, in order.</summary>
internal sealed class SequenceData
{
    public SequenceData(IReadOnlyList<object> elements) => Elements = elements;

    /// <summary>Each element: a <see cref="TensorData"/>, <see cref="SequenceData"/> or <see cref="OptionalData"/>.</summary>
    public IReadOnlyList<object> Elements { get; }
}

/// <summary>An optional value from an <c>OptionalProto</c> file.</summary>
internal sealed class OptionalData
{
    public OptionalData(object? value) => Value = value;

    /// <summary>The contained tensor or sequence, or <see langword="null"/> for an empty optional.</summary>
    public object? Value { get; }
}
