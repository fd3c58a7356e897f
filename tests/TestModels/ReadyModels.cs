using System;
using System.Linq;
using Onnx;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.TestModels;

/// <summary>Small ready-made models that several tests, or tests and benchmarks, run.</summary>
public static class ReadyModels
{
    private const int Float = (int)TensorProto.Types.DataType.Float;

    /// <summary>y = Identity(x), both declared with <paramref name="elementType"/> and <paramref name="dims"/>.</summary>
    public static byte[] Identity(int elementType, params object?[] dims) =>
        Build(new[] { Tensor("x", elementType, dims) }, new[] { Tensor("y", elementType, dims) }, new[] { Node("Identity", new[] { "x" }, new[] { "y" }) });

    /// <inheritdoc cref="Identity(int, object?[])"/>
    public static byte[] Identity<TElement>(TElement elementType, params object?[] dims) where TElement : struct, Enum =>
        Identity(ElementTypeNumber(elementType), dims);

    /// <summary>
    /// A tiny MLP: x[batch, inputs] → MatMul inputs×hidden → Relu → MatMul hidden×outputs = y[batch, outputs],
    /// float32, with weights drawn uniformly from [-0.5, 0.5) by <c>new Random(seed)</c>, first layer first.
    /// The runtime tests run 8→8→4 (seed 7), the benchmarks 64→64→10 (seed 42).
    /// </summary>
    public static byte[] Mlp(int inputs, int hidden, int outputs, int seed)
    {
        var random = new Random(seed);
        TensorProto Weights(string name, int rows, int cols) =>
            FloatTensor(name, new long[] { rows, cols }, Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        TensorProto w1 = Weights("w1", inputs, hidden);
        TensorProto w2 = Weights("w2", hidden, outputs);
        return Build(
            new[] { Tensor("x", Float, "batch", inputs) },
            new[] { Tensor("y", Float, "batch", outputs) },
            new[]
            {
                Node("MatMul", new[] { "x", "w1" }, new[] { "h" }),
                Node("Relu", new[] { "h" }, new[] { "r" }),
                Node("MatMul", new[] { "r", "w2" }, new[] { "y" }),
            },
            initializers: new[] { w1, w2 });
    }

    /// <summary>
    /// y[batch, 2] = x[batch, 3] · w[3, 2] with fixed weights, <paramref name="batch"/> a number (a fixed
    /// batch) or a name (a symbolic one): the fixed-batch model and its symbolic twin compute the same.
    /// </summary>
    public static byte[] Projection(object batch) => Build(
        new[] { Tensor("x", Float, batch, 3) },
        new[] { Tensor("y", Float, batch, 2) },
        new[] { Node("MatMul", new[] { "x", "w" }, new[] { "y" }) },
        new[] { FloatTensor("w", new long[] { 3, 2 }, 1f, -1f, 0.5f, 2f, -0.25f, 3f) });
}
