namespace OnnxTyped.Generator.Spec;

/// <summary>
/// A graph input or output as the generated class exposes it: ONNX name, the C# names chosen for
/// it, element type and shape. Strings, enums and an equatable array only, so it is equatable for
/// the pipeline cache. Set by name: three of its properties are strings.
/// </summary>
internal sealed record TensorSpec
{
    /// <summary>The name in the model, verbatim.</summary>
    public required string OnnxName { get; init; }

    /// <summary>The <c>Run</c> parameter (inputs, camelCase, keyword-escaped) or the <c>Outputs</c> property (outputs, PascalCase).</summary>
    public required string MemberName { get; init; }

    /// <summary>The static <c>TensorSignature</c> property of the class: PascalCase plus <c>Input</c>/<c>Output</c>.</summary>
    public required string SignatureProperty { get; init; }

    /// <summary>Outputs: the <c>RunInto</c> parameter (camelCase, keyword-escaped, unlike every input's); empty for inputs.</summary>
    public required string IntoParameter { get; init; }

    /// <summary>A tensor, or which non-tensor value (whose tensors' element type, or whose map values' type, is <see cref="ElementType"/>).</summary>
    public OnnxValueKind Kind { get; init; }

    /// <summary>The declared element type: of the tensor, of the tensors a sequence or optional holds, or of a map's values.</summary>
    public required OnnxElementType ElementType { get; init; }

    /// <summary>A map's key type (int64 or string), for <see cref="OnnxValueKind.Map"/> and <see cref="OnnxValueKind.SequenceOfMaps"/>; else undefined.</summary>
    public OnnxElementType MapKeyType { get; init; }

    /// <summary>True for a tensor whose element type is not a string: bound by address, and what batching, <c>RunInto</c> and micro-batching take.</summary>
    public bool IsAddressable => Kind == OnnxValueKind.Tensor && ElementType != OnnxElementType.String;

    /// <summary>False when the model declares no shape at all (any rank), and for every value that is not a tensor.</summary>
    public required bool HasShape { get; init; }

    /// <summary>The declared dimensions (empty for a scalar or when <see cref="HasShape"/> is false).</summary>
    public required EquatableArray<DimSpec> Dims { get; init; }

    /// <summary>The model's doc string for this value, or empty.</summary>
    public required string DocString { get; init; }
}
