using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Batching under limits, one case at a time through both front-ends on the same models: the torch one
/// (<see cref="BoundSession"/>) and the typed one (<see cref="ModelSession"/>), both through the core's one runner. Every
/// result is compared element by element with plain ONNX Runtime's <c>Run</c> on the whole batch, and every error is the
/// same exception with the same message on both.
/// </summary>
public sealed class BatchingTests
{
    public static TheoryData<string> FrontEnds => new() { Torch, Typed };

    private const string Torch = "torch", Typed = "typed";

    /// <summary>y[3, batch] = transpose(x[batch, 3]): its dimension 0 is not the batch.</summary>
    private static byte[] Transposed() => ModelBuilder.Build(
        new[] { ModelBuilder.Tensor("x", TensorElementType.Float, "batch", 3) },
        new[] { ModelBuilder.Tensor("y", TensorElementType.Float, 3, "batch") },
        new[] { ModelBuilder.Node("Transpose", new[] { "x" }, new[] { "y" }) });

    /// <summary>y = x, z = w, with batches of different names: the shape checks let different batch sizes through.</summary>
    private static byte[] TwoBatches() => ModelBuilder.Build(
        new[] { ModelBuilder.Tensor("x", TensorElementType.Float, "a", 3), ModelBuilder.Tensor("w", TensorElementType.Float, "b", 3) },
        new[] { ModelBuilder.Tensor("y", TensorElementType.Float, "a", 3), ModelBuilder.Tensor("z", TensorElementType.Float, "b", 3) },
        new[] { ModelBuilder.Node("Identity", new[] { "x" }, new[] { "y" }), ModelBuilder.Node("Identity", new[] { "w" }, new[] { "z" }) });

    /// <summary>y[batch, 2] = table[idx]: a Gather whose indices come from the input, so a padded row must hold a valid index.</summary>
    private static byte[] Lookup() => ModelBuilder.Build(
        new[] { ModelBuilder.Tensor("idx", TensorElementType.Int64, "batch") },
        new[] { ModelBuilder.Tensor("y", TensorElementType.Float, "batch", 2) },
        new[] { ModelBuilder.Node("Gather", new[] { "table", "idx" }, new[] { "y" }) },
        new[] { ModelBuilder.FloatTensor("table", new long[] { 5, 2 }, 0f, 1f, 10f, 11f, 20f, 21f, 30f, 31f, 40f, 41f) });

    private static float[] Rows(long rows, int width) => Enumerable.Range(0, (int)rows * width).Select(v => (v * 7 % 23 - 11) / 4f).ToArray();

    // One call of a one-input float model through a front-end, under limits set on the session; outputs as (shape, floats).
    private static (long[] Shape, float[] Values)[] Run(string frontEnd, InferenceSession session, float[] values, long[] shape, Action<ModelSession> limits)
    {
        var model = new ModelSession(session, ModelSignature.Of(session));
        using var bound = new BoundSession(model);
        limits(model);
        if (frontEnd == Torch)
        {
            using torch.Tensor x = torch.tensor(values, shape);
            torch.Tensor[] outputs = bound.Run(new[] { x });
            try
            {
                return outputs.Select(o => (o.shape, o.numel() == 0 ? Array.Empty<float>() : o.data<float>().ToArray())).ToArray();
            }
            finally
            {
                foreach (torch.Tensor o in outputs) o.Dispose();
            }
        }
        using OnnxTensor<float> input = OnnxTensor<float>.FromArray(values, shape);
        OnnxTensor[] results = model.Run(new OnnxTensor[] { input });
        try
        {
            return results.Select(o => (o.Shape.ToArray(), ((OnnxTensor<float>)o).ToArray())).ToArray();
        }
        finally
        {
            foreach (OnnxTensor o in results) o.Dispose();
        }
    }

    private static void AssertPlain(InferenceSession plain, float[] values, long[] shape, (long[] Shape, float[] Values)[] actual)
    {
        float[][] expected = PlainOnnxRun.FloatOutputs(plain, "x", values, shape);
        Assert.Equal(expected.Length, actual.Length);
        for (int o = 0; o < expected.Length; o++)
        {
            Assert.Equal(shape[0], actual[o].Shape[0]);
            Assert.Equal(expected[o], actual[o].Values);
        }
    }

    [Theory]
    [MemberData(nameof(FrontEnds))]
    public void BatchThatFits_RunsAtOnce_EqualToPlainRun(string frontEnd)
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        float[] x = Rows(4, 8);
        AssertPlain(session, x, new long[] { 4, 8 }, Run(frontEnd, session, x, new long[] { 4, 8 }, m => (m.MaxBatchSize, m.MinBatchSize) = (4, 2)));
    }

    [Theory]
    [MemberData(nameof(FrontEnds))]
    public void LargerBatch_SplitIntoChunks_LastPadded_EqualToPlainRun(string frontEnd)
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        float[] x = Rows(10, 8);
        AssertPlain(session, x, new long[] { 10, 8 }, Run(frontEnd, session, x, new long[] { 10, 8 }, m => (m.MaxBatchSize, m.MinBatchSize) = (4, 4)));
    }

    [Theory]
    [MemberData(nameof(FrontEnds))]
    public void SmallerThanMin_PaddedOnce_PaddingDropped_EqualToPlainRun(string frontEnd)
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        float[] x = Rows(2, 8);
        AssertPlain(session, x, new long[] { 2, 8 }, Run(frontEnd, session, x, new long[] { 2, 8 }, m => m.MinBatchSize = 5));
    }

    [Theory]
    [MemberData(nameof(FrontEnds))]
    public void FixedBatchModel_SplitsAnyBatch_EqualToItsSymbolicTwin(string frontEnd)
    {
        using InferenceSession fixedBatch = TestSessions.Open(ReadyModels.Projection(4));
        using InferenceSession symbolic = TestSessions.Open(ReadyModels.Projection("batch"));
        float[] x = Rows(10, 3);
        AssertPlain(symbolic, x, new long[] { 10, 3 }, Run(frontEnd, fixedBatch, x, new long[] { 10, 3 }, m => m.SplitsFixedBatch = true));
    }

    [Fact]
    public void OutputNotBatchedAlongDimensionZero_SameErrorOnBothFrontEnds_NamingTheOutput()
    {
        using InferenceSession session = TestSessions.Open(Transposed());
        float[] x = Rows(6, 3);
        string[] messages = new[] { Torch, Typed }.Select(frontEnd => Assert.Throws<InvalidOperationException>(() =>
            Run(frontEnd, session, x, new long[] { 6, 3 }, m => m.MaxBatchSize = 4)).Message).ToArray();
        Assert.Contains("Output 'y' has shape [3, 4] for a chunk of 4 rows", messages[0]);
        Assert.Equal(messages[0], messages[1]);
    }

    [Fact]
    public void DifferentBatchSizes_SameErrorOnBothFrontEnds_BeforeAnyRun()
    {
        using InferenceSession session = TestSessions.Open(TwoBatches());
        var model = new ModelSession(session, ModelSignature.Of(session));
        using var bound = new BoundSession(model) { MaxBatchSize = 2 };
        using torch.Tensor x = torch.ones(3, 3), w = torch.ones(5, 3);
        using OnnxTensor<float> typedX = OnnxTensor<float>.Allocate(3, 3), typedW = OnnxTensor<float>.Allocate(5, 3);
        var torchError = Assert.Throws<OnnxInputException>(() => bound.Run(new[] { x, w }));
        var typedError = Assert.Throws<OnnxInputException>(() => model.Run(new OnnxTensor[] { typedX, typedW }));
        Assert.Equal("w", torchError.InputName);
        Assert.Contains("'x' 3, 'w' 5", torchError.Message);
        Assert.Equal(torchError.Message, typedError.Message);
    }

    [Theory]
    [MemberData(nameof(FrontEnds))]
    public void PaddedRows_AreZeros_SoAnIndexInputStaysInRange(string frontEnd)
    {
        // The padding's outputs are dropped, but the model still reads it: garbage indices would fail the Gather. Each
        // round first frees a block of the padded chunk's size full of out-of-range indices, which the allocator tends to
        // hand to the next allocation of that size.
        using InferenceSession session = TestSessions.Open(Lookup());
        var model = new ModelSession(session, ModelSignature.Of(session)) { MinBatchSize = 8 };
        using var bound = new BoundSession(model);
        long[] indices = { 4, 0, 2 };
        byte[] indexBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(indices.AsSpan()).ToArray();
        float[] expected = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(PlainOnnxRun.Outputs(session,
            new System.Collections.Generic.Dictionary<string, PlainTensor> { ["idx"] = new(new long[] { 3 }, TensorElementType.Int64, indexBytes) })[0].Bytes).ToArray();
        for (int round = 0; round < 20; round++)
        {
            using (OnnxTensor<long> dirty = OnnxTensor<long>.Allocate(8)) dirty.Span.Fill(1_000_000_007);
            float[] values;
            if (frontEnd == Torch)
            {
                using torch.Tensor idx = torch.tensor(indices);
                using torch.Tensor y = bound.Run(new[] { idx }).Single();
                values = y.data<float>().ToArray();
            }
            else
            {
                using OnnxTensor<long> idx = OnnxTensor<long>.FromArray(indices, 3);
                using var y = (OnnxTensor<float>)model.Run(new OnnxTensor[] { idx }).Single();
                values = y.ToArray();
            }
            Assert.Equal(expected, values);
        }
    }

    [Theory]
    [MemberData(nameof(FrontEnds))]
    public void ChunkWithAnEmptyRowCount_RefusedAsAnEmptyInput(string frontEnd)
    {
        // An empty batch under a minimum runs one padded chunk; without limits an empty batch is refused. With a maximum
        // alone it is a run of 0 rows: refused like any empty input.
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        var error = Assert.Throws<OnnxInputException>(() => Run(frontEnd, session, Array.Empty<float>(), new long[] { 0, 8 }, m => m.MaxBatchSize = 4));
        Assert.Equal("x", error.InputName);
        Assert.Contains("dimension of size 0", error.Message);
    }

    [Theory]
    [MemberData(nameof(FrontEnds))]
    public void EmptyBatchUnderAMinimum_OnePaddedRun_NoRowsBack(string frontEnd)
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        (long[] Shape, float[] Values)[] outputs = Run(frontEnd, session, Array.Empty<float>(), new long[] { 0, 8 }, m => m.MinBatchSize = 2);
        Assert.Equal(new long[] { 0, 4 }, outputs[0].Shape);
        Assert.Empty(outputs[0].Values);
    }
}
