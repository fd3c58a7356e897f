using System.Collections.Generic;

namespace OnnxTyped.Conformance;

/// <summary>A sequence value from a <c>SequenceProto</c> file: tensors, sequences or optionals, in order.</summary>
internal sealed class SequenceData
{
    public SequenceData(IReadOnlyList<object> elements) => Elements = elements;

    /// <summary>Each element: a <see cref="TensorData"/>, <see cref="SequenceData"/> or <see cref="OptionalData"/>.</summary>
    public IReadOnlyList<object> Elements { get; }
}
