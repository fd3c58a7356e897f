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

    /// <summary>The declared element type.</summary>
    public required OnnxElementType ElementType { get; init; }

    /// <summary>False when the model declares no shape at all (any rank).</summary>
    public required bool HasShape { get; init; }

    /// <summary>The declared dimensions (empty for a scalar or when <see cref="HasShape"/> is false).</summary>
    public required EquatableArray<DimSpec> Dims { get; init; }

    /// <summary>The model's doc string for this value, or empty.</summary>
    public required string DocString { get; init; }
}
