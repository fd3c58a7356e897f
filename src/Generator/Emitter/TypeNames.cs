using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// The C# type of each input and output on the typed front-end, by kind (<see cref="OnnxValueKind"/>): tensors as
/// <c>OnnxTensor&lt;T&gt;</c> or <c>OnnxStringTensor</c>; sequences as lists in and <c>OnnxSequence</c> out; optionals
/// nullable; maps as read-only dictionaries, and how diagnostics describe each.
/// </summary>
internal static class TypeNames
{
    public const string OnnxStringTensor = "global::OnnxTyped.OnnxStringTensor";
    public const string OnnxSequence = "global::OnnxTyped.OnnxSequence";
    private const string ReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
    private const string ReadOnlyDictionary = "global::System.Collections.Generic.IReadOnlyDictionary";

    /// <summary>The tensor type that holds <paramref name="elementType"/>: <c>OnnxTensor&lt;float&gt;</c>, or <c>OnnxStringTensor</c>.</summary>
    public static string Tensor(OnnxElementType elementType) =>
        elementType == OnnxElementType.String ? OnnxStringTensor : $"{KnownTypes.OnnxTensor}<{OnnxElementTypes.DotnetTypeName(elementType)}>";

    /// <summary>What <c>Run</c> takes for <paramref name="value"/>.</summary>
    public static string Input(TensorSpec value) => value.Kind switch
    {
        OnnxValueKind.Sequence => $"{ReadOnlyList}<{Tensor(value.ElementType)}>",
        OnnxValueKind.Optional => Tensor(value.ElementType) + "?",
        OnnxValueKind.OptionalSequence => $"{ReadOnlyList}<{Tensor(value.ElementType)}>?",
        OnnxValueKind.Map => Map(value),
        OnnxValueKind.SequenceOfMaps => $"{ReadOnlyList}<{Map(value)}>",
        _ => Tensor(value.ElementType),
    };

    /// <summary>What an <c>Outputs</c> property holds for <paramref name="value"/>.</summary>
    public static string Output(TensorSpec value) => value.Kind switch
    {
        OnnxValueKind.Sequence => $"{OnnxSequence}<{Tensor(value.ElementType)}>",
        OnnxValueKind.OptionalSequence => $"{OnnxSequence}<{Tensor(value.ElementType)}>?",
        _ => Input(value),
    };

    /// <summary>Whether the output's value is disposed with its <c>Outputs</c> object (tensors and sequences; dictionaries hold no native memory).</summary>
    public static bool IsDisposable(TensorSpec value) => value.Kind is not (OnnxValueKind.Map or OnnxValueKind.SequenceOfMaps);

    /// <summary>What <paramref name="value"/> is, as OTG019 says it: "a string tensor", "a sequence of float32 tensors"...</summary>
    public static string Describe(TensorSpec value)
    {
        string element = OnnxElementTypes.DisplayName((int)value.ElementType);
        string key = OnnxElementTypes.DisplayName((int)value.MapKeyType);
        return value.Kind switch
        {
            OnnxValueKind.Sequence => $"a sequence of {element} tensors",
            OnnxValueKind.Optional => $"an optional {element} tensor",
            OnnxValueKind.OptionalSequence => $"an optional sequence of {element} tensors",
            OnnxValueKind.Map => $"a map from {key} to {element}",
            OnnxValueKind.SequenceOfMaps => $"a sequence of maps from {key} to {element}",
            _ => $"a {element} tensor",
        };
    }

    /// <summary>The typed front-end's type for <paramref name="value"/> as a reader writes it (no <c>global::</c> prefixes).</summary>
    public static string TypedFrontEndValue(TensorSpec value) =>
        Output(value).Replace("global::OnnxTyped.", "").Replace("global::System.Collections.Generic.", "").Replace("global::System.", "")
            .Replace("global::Microsoft.ML.OnnxRuntime.", "");

    private static string Map(TensorSpec value) => $"{ReadOnlyDictionary}<{Scalar(value.MapKeyType)}, {Scalar(value.ElementType)}>";

    // Map keys and values: int64, float, double or string.
    private static string Scalar(OnnxElementType type) => type == OnnxElementType.String ? "string" : OnnxElementTypes.DotnetTypeName(type)!;
}
