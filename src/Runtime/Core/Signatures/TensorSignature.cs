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
        : this(name, OnnxValueType.ONNX_TYPE_TENSOR, elementType, dims, rankKnown: true)
    {
    }

    private TensorSignature(string name, OnnxValueType valueType, TensorElementType elementType, Dim[] dims, bool rankKnown)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        ValueType = valueType;
        ElementType = elementType;
        _dims = (Dim[])(dims ?? Array.Empty<Dim>()).Clone();
        RankKnown = rankKnown;
    }

    /// <summary>Declares a tensor whose model gives no shape at all (any rank is accepted).</summary>
    public static TensorSignature UnknownShape(string name, TensorElementType elementType) =>
        new(name, OnnxValueType.ONNX_TYPE_TENSOR, elementType, Array.Empty<Dim>(), rankKnown: false);

    /// <summary>Declares an input or output that is not a tensor (sequence, map, optional...): binding it is an error.</summary>
    public static TensorSignature NonTensor(string name, OnnxValueType valueType) =>
        new(name, valueType, TensorElementType.DataTypeMax, Array.Empty<Dim>(), rankKnown: false);

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

    /// <summary>True for a tensor.</summary>
    public bool IsTensor => ValueType == OnnxValueType.ONNX_TYPE_TENSOR;

    /// <summary>The declared element type (meaningless unless <see cref="IsTensor"/>).</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The declared shape.</summary>
    public IReadOnlyList<Dim> Dims => _dims;

    /// <summary>The declared rank.</summary>
    public int Rank => _dims.Length;

    /// <summary>The shape as text, for messages and docs: <c>[batch, 3, 640, 640]</c>, <c>[]</c> for a scalar, <c>(any shape)</c> when unknown.</summary>
    public string ShapeText => RankKnown ? "[" + string.Join(", ", _dims.Select(d => d.ToString())) + "]" : "(any shape)";

    internal Dim DimAt(int index) => _dims[index];

    /// <summary>Name, element type and shape, e.g. <c>x: float32 [batch, 3]</c>.</summary>
    public override string ToString() =>
        IsTensor ? $"{Name}: {ElementTypes.OnnxName(ElementType)} {ShapeText}" : $"{Name}: {ValueType}";

    /// <summary>True when both declare the same name, kind, element type and shape.</summary>
    public bool SameDeclarationAs(TensorSignature other) =>
        Name == other.Name && ValueType == other.ValueType && (!IsTensor || ElementType == other.ElementType) && SameShapeAs(other);

    // A shape-less declaration matches rank 0: ONNX Runtime reports both as no dimensions.
    private bool SameShapeAs(TensorSignature other) =>
        _dims.SequenceEqual(other._dims) && (RankKnown == other.RankKnown || _dims.Length == 0);
}
