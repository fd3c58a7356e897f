using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// What a model declares for one input or output: its name, value kind, element type and shape.
/// Generated classes bake these in as constants; <see cref="ModelSignature.Of"/> reads them from a session.
/// </summary>
public sealed class TensorSignature
{
    private readonly Dim[] _dims;

    /// <summary>Declares a tensor input or output.</summary>
    /// <param name="name">The ONNX name.</param>
    /// <param name="elementType">The declared element type.</param>
    /// <param name="dims">The declared shape, one entry per dimension (empty for a scalar).</param>
    public TensorSignature(string name, TensorElementType elementType, params Dim[] dims)
        : this(name, OnnxValueType.ONNX_TYPE_TENSOR, OnnxValueKind.Tensor, elementType, TensorElementType.DataTypeMax, dims, rankKnown: true)
    {
    }

    private TensorSignature(string name, OnnxValueType valueType, OnnxValueKind kind, TensorElementType elementType, TensorElementType mapKeyType, Dim[] dims, bool rankKnown)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        ValueType = valueType;
        Kind = kind;
        ElementType = elementType;
        MapKeyType = mapKeyType;
        _dims = (Dim[])(dims ?? Array.Empty<Dim>()).Clone();
        RankKnown = rankKnown;
    }

    /// <summary>Declares a tensor whose model gives no shape at all (any rank is accepted).</summary>
    public static TensorSignature UnknownShape(string name, TensorElementType elementType) =>
        new(name, OnnxValueType.ONNX_TYPE_TENSOR, OnnxValueKind.Tensor, elementType, TensorElementType.DataTypeMax, Array.Empty<Dim>(), rankKnown: false);

    /// <summary>Declares an input or output no front-end binds (a sequence of sequences, a sparse tensor...): binding it is an error.</summary>
    public static TensorSignature NonTensor(string name, OnnxValueType valueType) =>
        new(name, valueType, OnnxValueKind.Unsupported, TensorElementType.DataTypeMax, TensorElementType.DataTypeMax, Array.Empty<Dim>(), rankKnown: false);

    /// <summary>
    /// Declares a value that is not a tensor: a sequence or an optional of tensors of <paramref name="elementType"/>, or a map
    /// (or a sequence of maps) from <paramref name="mapKeyType"/> keys to <paramref name="elementType"/> values.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is <see cref="OnnxValueKind.Tensor"/> (use the constructor) or not a kind.</exception>
    public static TensorSignature OfKind(string name, OnnxValueKind kind, TensorElementType elementType, TensorElementType mapKeyType = TensorElementType.DataTypeMax)
    {
        OnnxValueType valueType = kind switch
        {
            OnnxValueKind.Sequence or OnnxValueKind.SequenceOfMaps => OnnxValueType.ONNX_TYPE_SEQUENCE,
            OnnxValueKind.Optional or OnnxValueKind.OptionalSequence => OnnxValueType.ONNX_TYPE_OPTIONAL,
            OnnxValueKind.Map => OnnxValueType.ONNX_TYPE_MAP,
            _ => throw new ArgumentException($"{kind} is not a kind of non-tensor value: declare tensors with the constructor.", nameof(kind)),
        };
        bool map = kind is OnnxValueKind.Map or OnnxValueKind.SequenceOfMaps;
        return new(name, valueType, kind, elementType, map ? mapKeyType : TensorElementType.DataTypeMax, Array.Empty<Dim>(), rankKnown: false);
    }

    /// <summary>
    /// False when the model declares no shape, so rank and dimensions are not checked. ONNX Runtime's
    /// metadata cannot tell "no shape" from a scalar, so a rank-0 signature read from a session is
    /// treated as unknown too (ONNX Runtime still checks it when it runs).
    /// </summary>
    public bool RankKnown { get; }

    /// <summary>The ONNX name.</summary>
    public string Name { get; }

    /// <summary>The declared value kind; only <see cref="OnnxValueType.ONNX_TYPE_TENSOR"/> can be bound.</summary>
    public OnnxValueType ValueType { get; }

    /// <summary>A tensor, or which non-tensor value.</summary>
    public OnnxValueKind Kind { get; }

    /// <summary>True for a tensor.</summary>
    public bool IsTensor => ValueType == OnnxValueType.ONNX_TYPE_TENSOR;

    /// <summary>
    /// True for a tensor of a fixed-size element type: bound by address, and what batching, <c>RunInto</c> and
    /// micro-batching take. Strings and non-tensor values are created by ONNX Runtime for each call.
    /// </summary>
    public bool IsAddressable => Kind == OnnxValueKind.Tensor && ElementType != TensorElementType.String;

    /// <summary>
    /// The declared element type: of the tensor, of the tensors a sequence or optional holds, or of a map's values
    /// (<see cref="TensorElementType.DataTypeMax"/> for an unsupported value).
    /// </summary>
    public TensorElementType ElementType { get; }

    /// <summary>A map's key type (int64 or string); <see cref="TensorElementType.DataTypeMax"/> for every other value.</summary>
    public TensorElementType MapKeyType { get; }

    /// <summary>The declared shape.</summary>
    public IReadOnlyList<Dim> Dims => _dims;

    /// <summary>The declared rank.</summary>
    public int Rank => _dims.Length;

    /// <summary>The shape as text, for messages and docs: <c>[batch, 3, 640, 640]</c>, <c>[]</c> for a scalar, <c>(any shape)</c> when unknown.</summary>
    public string ShapeText => RankKnown ? "[" + string.Join(", ", _dims.Select(d => d.ToString())) + "]" : "(any shape)";

    internal Dim DimAt(int index) => _dims[index];

    /// <summary>Name, element type and shape, e.g. <c>x: float32 [batch, 3]</c>, <c>s: sequence of float32 tensors</c>.</summary>
    public override string ToString() => Name + ": " + TypeText;

    /// <summary>The type as messages print it: <c>float32 [batch, 3]</c>, <c>sequence of float32 tensors</c>, <c>map from int64 to float32</c>.</summary>
    public string TypeText => Kind switch
    {
        OnnxValueKind.Tensor => $"{ElementTypes.OnnxName(ElementType)} {ShapeText}",
        OnnxValueKind.Sequence => $"sequence of {ElementTypes.OnnxName(ElementType)} tensors",
        OnnxValueKind.Optional => $"optional {ElementTypes.OnnxName(ElementType)} tensor",
        OnnxValueKind.OptionalSequence => $"optional sequence of {ElementTypes.OnnxName(ElementType)} tensors",
        OnnxValueKind.Map => $"map from {ElementTypes.OnnxName(MapKeyType)} to {ElementTypes.OnnxName(ElementType)}",
        OnnxValueKind.SequenceOfMaps => $"sequence of maps from {ElementTypes.OnnxName(MapKeyType)} to {ElementTypes.OnnxName(ElementType)}",
        _ => ValueType.ToString(),
    };

    /// <summary>True when both declare the same name, kind, element type and shape.</summary>
    public bool SameDeclarationAs(TensorSignature other) =>
        Name == other.Name && ValueType == other.ValueType && Kind == other.Kind && ElementType == other.ElementType
        && MapKeyType == other.MapKeyType && SameShapeAs(other);

    // A shape-less declaration matches rank 0: ONNX Runtime reports both as no dimensions.
    private bool SameShapeAs(TensorSignature other) =>
        _dims.SequenceEqual(other._dims) && (RankKnown == other.RankKnown || _dims.Length == 0);
}
