namespace OnnxTyped;

/// <summary>
/// The kind of value a model input or output is: a tensor, or one of the non-tensor values ONNX Runtime's C# API can
/// create and read. A generated class names it in its signature; <see cref="ModelSignature.Of"/> reads it from a session.
/// </summary>
public enum OnnxValueKind
{
    /// <summary>A tensor of <see cref="TensorSignature.ElementType"/> (strings included).</summary>
    Tensor = 0,

    /// <summary>A sequence of tensors of <see cref="TensorSignature.ElementType"/>.</summary>
    Sequence = 1,

    /// <summary>A tensor of <see cref="TensorSignature.ElementType"/>, or none.</summary>
    Optional = 2,

    /// <summary>A sequence of tensors of <see cref="TensorSignature.ElementType"/>, or none.</summary>
    OptionalSequence = 3,

    /// <summary>A map from <see cref="TensorSignature.MapKeyType"/> keys to <see cref="TensorSignature.ElementType"/> values.</summary>
    Map = 4,

    /// <summary>A sequence of such maps (what scikit-learn's <c>ZipMap</c> returns).</summary>
    SequenceOfMaps = 5,

    /// <summary>Any other value (a sequence of sequences, a sparse tensor...): no front-end binds it.</summary>
    Unsupported = 6,
}
