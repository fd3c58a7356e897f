using System;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Remembers, per output whose shape neither the model nor the inputs give, the shape ONNX Runtime produced for a set of
/// input shapes, so the next call with the same input shapes pre-allocates it and binds it by address instead of letting
/// ONNX Runtime allocate (and, on CUDA, copying it). An output that then comes out with another shape (its shape depends
/// on the values, like NonZero's) is marked and left to ONNX Runtime from then on.
/// </summary>
internal sealed class OutputShapeMemo
{
    private readonly long[][]?[] _inputShapes;
    private readonly long[]?[] _shapes;
    private readonly bool[] _dependsOnValues;

    public OutputShapeMemo(int outputCount)
    {
        _inputShapes = new long[][]?[outputCount];
        _shapes = new long[]?[outputCount];
        _dependsOnValues = new bool[outputCount];
    }

    /// <summary>The shape output <paramref name="output"/> had for these input shapes, or <see langword="null"/>.</summary>
    public long[]? Recall(int output, long[][] inputShapes) =>
        !_dependsOnValues[output] && _inputShapes[output] is { } learned && SameShapes(learned, inputShapes) ? _shapes[output] : null;

    /// <summary>Records the shape output <paramref name="output"/> came out with for these input shapes.</summary>
    public void Learn(int output, long[][] inputShapes, torch.Tensor produced)
    {
        if (_dependsOnValues[output]) return;
        if (_inputShapes[output] is { } learned && SameShapes(learned, inputShapes) && _shapes[output] is { } known && SameShape(known, produced)) return;
        var copy = new long[inputShapes.Length][];
        for (int i = 0; i < copy.Length; i++) copy[i] = (long[])inputShapes[i].Clone();
        var shape = new long[produced.dim()];
        for (int d = 0; d < shape.Length; d++) shape[d] = produced.size(d);
        _inputShapes[output] = copy;
        _shapes[output] = shape;
    }

    private static bool SameShape(long[] shape, torch.Tensor tensor)
    {
        if (tensor.dim() != shape.Length) return false;
        for (int d = 0; d < shape.Length; d++)
            if (tensor.size(d) != shape[d]) return false;
        return true;
    }

    /// <summary>Marks output <paramref name="output"/> as shaped by the values: never pre-allocated from memory again.</summary>
    public void DependsOnValues(int output)
    {
        _dependsOnValues[output] = true;
        _inputShapes[output] = null;
        _shapes[output] = null;
    }

    private static bool SameShapes(long[][] a, long[][] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!a[i].AsSpan().SequenceEqual(b[i])) return false;
        return true;
    }
}
