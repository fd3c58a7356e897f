using System;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// The typed front-end's engine on real models and on models built in code: every output compared with plain
/// ONNX Runtime bit for bit, through <see cref="ModelSession.Run"/> and <see cref="ModelSession.RunInto"/>.
/// </summary>
public sealed class ModelSessionTests
{
    [Fact]
    public void Silero_StreamsFrames_EqualToPlainRun_WithTheStateFedBack()
    {
        using InferenceSession session = Models.Open(Models.SileroVad);
        using var model = new ModelSession(session, ModelSignature.Of(session));
        var random = new Random(5);
        using OnnxTensor<long> sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        OnnxTensor<float> state = OnnxTensor<float>.Allocate(2, 1, 128);
        for (int frame = 0; frame < 5; frame++)
        {
            float[] samples = new float[512];
            for (int i = 0; i < samples.Length; i++) samples[i] = (float)(random.NextDouble() - 0.5);
            using OnnxTensor<float> input = OnnxTensor<float>.FromArray(samples, 1, 512);
            OnnxTensor[] outputs = model.Run(new OnnxTensor[] { input, state, sr });
            PlainRun.AssertSame(session, new OnnxTensor[] { input, state, sr }, outputs);
            Assert.Equal(new long[] { 2, 1, 128 }, outputs[1].Shape.ToArray());
            outputs[0].Dispose();
            state.Dispose();
            state = (OnnxTensor<float>)outputs[1];
        }
        state.Dispose();
    }

    [Fact]
    public void PpOcrDetector_EqualToPlainRun()
    {
        using InferenceSession session = Models.Open(Models.PpOcrDet);
        using var model = new ModelSession(session, ModelSignature.Of(session));
        var random = new Random(11);
        float[] image = new float[1 * 3 * 160 * 192];
        for (int i = 0; i < image.Length; i++) image[i] = (float)(random.NextDouble() * 2 - 1);
        using OnnxTensor<float> x = OnnxTensor<float>.FromArray(image, 1, 3, 160, 192);
        for (int call = 0; call < 2; call++) // the second call pre-allocates the map from the shape memo
        {
            OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
            PlainRun.AssertSame(session, new OnnxTensor[] { x }, outputs);
            Assert.Equal(new long[] { 1, 1, 160, 192 }, outputs[0].Shape.ToArray());
            outputs[0].Dispose();
        }
    }

    [Fact]
    public void RunInto_WritesTheCallersTensors_EqualToPlainRun_AndAllocatesNothingOnceWarm()
    {
        using InferenceSession session = Models.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = OnnxTensor<float>.Allocate(2, 8);
        using OnnxTensor<float> y = OnnxTensor<float>.Allocate(2, 4);
        var inputs = new OnnxTensor[] { x };
        var outputs = new OnnxTensor[] { y };
        for (int i = 0; i < x.Span.Length; i++) x.Span[i] = i * 0.25f - 1.5f;
        model.RunInto(inputs, outputs);
        PlainRun.AssertSame(session, inputs, outputs);

        for (int warm = 0; warm < 3; warm++) model.RunInto(inputs, outputs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int call = 0; call < 100; call++) model.RunInto(inputs, outputs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void AnOutputShapedByTheValues_IsLeftToOnnxRuntime_OnceItComesOutWithAnotherShape()
    {
        // NonZero: [1, count of non-zeros]. Two calls with two non-zeros teach the memo [1, 2]; the third has three.
        using InferenceSession session = Models.Open(ModelBuilder.Build(
            new[] { ModelBuilder.Tensor("x", (int)TensorElementType.Float, 4) },
            new[] { ModelBuilder.Tensor("idx", (int)TensorElementType.Int64, 1, "nz") },
            new[] { ModelBuilder.Node("NonZero", new[] { "x" }, new[] { "idx" }) }));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        float[][] frames = { new float[] { 0, 3, 0, 7 }, new float[] { 1, 0, 0, 2 }, new float[] { 5, 6, 0, 8 }, new float[] { 0, 0, 0, 1 }, new float[] { 9, 0, 0, 0 } };
        foreach (float[] values in frames)
        {
            using OnnxTensor<float> x = OnnxTensor<float>.FromArray(values, 4);
            OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
            PlainRun.AssertSame(session, new OnnxTensor[] { x }, outputs);
            outputs[0].Dispose();
        }
    }

    [Fact]
    public void UnsignedIntegers_BindNatively_AboveTheSignedMaximum()
    {
        foreach ((TensorElementType type, OnnxTensor input) in new (TensorElementType, OnnxTensor)[]
        {
            (TensorElementType.UInt16, OnnxTensor<ushort>.FromArray(new ushort[] { 0, 40000, ushort.MaxValue }, 3)),
            (TensorElementType.UInt32, OnnxTensor<uint>.FromArray(new uint[] { 0, 3_000_000_000, uint.MaxValue }, 3)),
            (TensorElementType.UInt64, OnnxTensor<ulong>.FromArray(new ulong[] { 0, 10_000_000_000_000_000_000, ulong.MaxValue }, 3)),
        })
        {
            using InferenceSession session = Models.Open(ReadyModels.Identity(type, 3));
            using var model = new ModelSession(session, ModelSignature.Of(session));
            OnnxTensor[] outputs = model.Run(new[] { input });
            PlainRun.AssertSame(session, new[] { input }, outputs);
            Assert.Equal(PlainRun.BytesOf(input), PlainRun.BytesOf(outputs[0]));
            outputs[0].Dispose();
            input.Dispose();
        }
    }

    [Fact]
    public void Outputs_OutliveTheModel_TheyOwnTheirMemory()
    {
        OnnxTensor[] outputs;
        OnnxTensor<float> x = OnnxTensor<float>.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 1, 8);
        byte[] expected;
        using (InferenceSession session = Models.Open(ReadyModels.Mlp(8, 8, 4, seed: 7)))
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        {
            outputs = model.Run(new OnnxTensor[] { x });
            expected = PlainRun.Outputs(session, new OnnxTensor[] { x })[0].Bytes;
        }
        Assert.Equal(expected, PlainRun.BytesOf(outputs[0]));
        outputs[0].Dispose();
        Assert.True(outputs[0].IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => ((OnnxTensor<float>)outputs[0]).Span.Length);
    }

    [Fact]
    public void TensorsOverTheCallersMemory_ShareIt()
    {
        float[] data = { 1, 2, 3, 4, 5, 6 };
        using OnnxTensor<float> tensor = OnnxTensor<float>.FromArray(data, 2, 3);
        data[4] = 42;
        Assert.Equal(42, tensor.Span[4]);
        var dense = new DenseTensor<float>(new float[] { 1, 2, 3, 4 }, new[] { 2, 2 });
        using OnnxTensor<float> shared = OnnxTensor<float>.FromDenseTensor(dense);
        shared.Span[3] = -1;
        Assert.Equal(-1, dense[1, 1]);
        Assert.Equal(new long[] { 2, 2 }, shared.Shape.ToArray());
        Assert.Throws<ArgumentException>(() => OnnxTensor<float>.FromArray(data, 2, 2));
        Assert.Throws<ArgumentException>(() => OnnxTensor<float>.FromArray(data, -2, -3));
    }
}
