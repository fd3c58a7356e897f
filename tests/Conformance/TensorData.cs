using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.Conformance;

/// <summary>
/// A tensor as plain data, the common ground of the three sources the suite compares: expected
/// values from a <c>.pb</c> file, ONNX Runtime outputs and TorchSharp outputs.
/// </summary>
/// <remarks>
/// <see cref="Bytes"/> holds the elements packed little-endian in row-major order (ONNX's
/// <c>raw_data</c> layout); string tensors use <see cref="Strings"/> instead.
/// </remarks>
internal sealed class TensorData
{
    public TensorData(TensorElementType elementType, long[] shape, byte[] bytes, string[]? strings = null)
    {
        ElementType = elementType;
        Shape = shape;
        Bytes = bytes;
        Strings = strings;
    }

    /// <summary>The ONNX element type (ONNX Runtime's enum has ONNX's numbers).</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The dimensions; empty for a scalar.</summary>
    public long[] Shape { get; }

    /// <summary>The packed elements (empty for a string tensor).</summary>
    public byte[] Bytes { get; }

    /// <summary>The elements of a string tensor, else <see langword="null"/>.</summary>
    public string[]? Strings { get; }

    public long ElementCount => Shape.Aggregate(1L, (product, dim) => product * dim);

    /// <summary>The shape as tests print it: <c>[2, 3]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary><c>float32 [2, 3]</c>.</summary>
    public override string ToString() => $"{ElementTypeNames.Of(ElementType)} {ShapeText}";
}
