namespace OnnxTyped.Generator.Spec;

/// <summary>
/// A graph input or output as the generated class exposes it: ONNX name, the C# names chosen for
/// it, element type and shape. Strings, enums and an equatable array only, so it is equatable for
/// the pipeline cache.
/// </summary>
/// <param name="OnnxName">The name in the model, verbatim.</param>
/// <param name="MemberName">The <c>Run</c> parameter (inputs, camelCase, keyword-escaped) or the <c>Outputs</c> property (outputs, PascalCase).</param>
/// <param name="MetadataName">The static <c>TensorSignature</c> property of the class: PascalCase plus <c>Input</c>/<c>Output</c>.</param>
/// <param name="ElementType">The declared element type.</param>
/// <param name="HasShape">False when the model declares no shape at all (any rank).</param>
/// <param name="Dims">The declared dimensions (empty for a scalar or when <paramref name="HasShape"/> is false).</param>
/// <param name="DocString">The model's doc string for this value, or empty.</param>
internal sealed record TensorSpec(
    string OnnxName,
    string MemberName,
    string MetadataName,
    OnnxElementType ElementType,
    bool HasShape,
    EquatableArray<DimSpec> Dims,
    string DocString);
