using OnnxTyped.Generator.Reader;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Parser;

/// <summary>
/// Which <see cref="OnnxValueKind"/> a declared input or output is bound as: a tensor, a sequence of tensors, an optional
/// tensor or sequence of tensors, a map, or a sequence of maps, the values ONNX Runtime's C# API creates and reads. Every
/// other declaration (a sequence of sequences, a sparse tensor...) is refused with what it is, for OTG003.
/// </summary>
internal static class ValueKinds
{
    /// <summary>
    /// The kind of <paramref name="value"/>, with the element type of its tensors (a map's value type) and a map's key type;
    /// <see langword="null"/> when it cannot be bound, with <paramref name="what"/> saying what it is.
    /// </summary>
    public static OnnxValueKind? Classify(ValueInfoProto value, out int elementType, out int mapKeyType, out string what)
    {
        elementType = 0;
        mapKeyType = 0;
        what = Describe(value, article: true);
        ValueInfoProto? inner = value.Element;
        switch (value.Kind)
        {
            case ValueKind.Tensor:
                elementType = value.ElementType;
                return OnnxValueKind.Tensor;
            case ValueKind.Sequence when inner is { Kind: ValueKind.Tensor }:
                elementType = inner.ElementType;
                return OnnxValueKind.Sequence;
            case ValueKind.Sequence when inner is { Kind: ValueKind.Map } && IsMap(inner, sequenced: true):
                elementType = inner.Element!.ElementType;
                mapKeyType = inner.MapKeyType;
                return OnnxValueKind.SequenceOfMaps;
            case ValueKind.Optional when inner is { Kind: ValueKind.Tensor }:
                elementType = inner.ElementType;
                return OnnxValueKind.Optional;
            case ValueKind.Optional when inner is { Kind: ValueKind.Sequence, Element.Kind: ValueKind.Tensor }:
                elementType = inner.Element.ElementType;
                return OnnxValueKind.OptionalSequence;
            case ValueKind.Map when IsMap(value, sequenced: false):
                elementType = value.Element!.ElementType;
                mapKeyType = value.MapKeyType;
                return OnnxValueKind.Map;
            default:
                return null;
        }
    }

    // The maps ONNX Runtime has types for: int64 or string keys to int64, float, double or string values, and in a
    // sequence (scikit-learn's ZipMap) float values only.
    private static bool IsMap(ValueInfoProto map, bool sequenced) =>
        (OnnxElementType)map.MapKeyType is OnnxElementType.Int64 or OnnxElementType.String
        && map.Element is { Kind: ValueKind.Tensor } value
        && (sequenced
            ? (OnnxElementType)value.ElementType == OnnxElementType.Float
            : (OnnxElementType)value.ElementType is OnnxElementType.Int64 or OnnxElementType.Float or OnnxElementType.Double or OnnxElementType.String);

    /// <summary>What a declaration is, as a diagnostic says it: "a sequence of sequences of tensors", "a map from float32 to tensors"...</summary>
    private static string Describe(ValueInfoProto? value, bool article) => value?.Kind switch
    {
        ValueKind.Tensor => article ? "a tensor" : "tensors",
        ValueKind.Sequence => (article ? "a sequence of " : "sequences of ") + Describe(value.Element, article: false),
        ValueKind.Optional => (article ? "an optional of " : "optionals of ") + Describe(value.Element, article: false),
        ValueKind.Map => (article ? "a map from " : "maps from ") + OnnxElementTypes.DisplayName(value.MapKeyType) + " to " + Describe(value.Element, article: false),
        ValueKind.SparseTensor => article ? "a sparse tensor" : "sparse tensors",
        ValueKind.Missing => "declared without a type",
        null => "values of a type nested too deep to read",
        _ => article ? "of a type other than tensor" : "values of another type",
    };
}
