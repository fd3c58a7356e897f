namespace OnnxTyped.Generator.Spec;

/// <summary>
/// The kinds of value a generated class binds, numbered as the runtime's <c>OnnxTyped.OnnxValueKind</c>: a tensor, and the
/// non-tensor values ONNX Runtime's C# API can create and read. Anything else (nested sequences, sparse tensors...) is
/// declined with OTG003.
/// </summary>
internal enum OnnxValueKind
{
    /// <summary>A tensor (<see cref="TensorSpec.ElementType"/>, any element type the typed front-end binds, strings included).</summary>
    Tensor = 0,

    /// <summary>A sequence of tensors of <see cref="TensorSpec.ElementType"/>.</summary>
    Sequence = 1,

    /// <summary>An optional tensor of <see cref="TensorSpec.ElementType"/>: a tensor or none.</summary>
    Optional = 2,

    /// <summary>An optional sequence of tensors of <see cref="TensorSpec.ElementType"/>.</summary>
    OptionalSequence = 3,

    /// <summary>A map from <see cref="TensorSpec.MapKeyType"/> to <see cref="TensorSpec.ElementType"/>.</summary>
    Map = 4,

    /// <summary>A sequence of such maps (what scikit-learn's <c>ZipMap</c> returns).</summary>
    SequenceOfMaps = 5,
}
