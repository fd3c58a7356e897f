using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// Tensors over the caller's managed memory are pinned for exactly the span of a call: the address ONNX Runtime reads
/// cannot move under it, even while the garbage collector compacts the heap.
/// </summary>
public sealed class PinningTests
{
    [Fact]
    public void ACallPinsTheCallersMemoryOnce_AndUnpinsItOnce()
    {
        using InferenceSession session = Models.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        var memory = new CountingMemory<float>(8);
        using OnnxTensor<float> x = OnnxTensor<float>.FromMemory(memory.Memory, 1, 8);
        using OnnxTensor<float> y = OnnxTensor<float>.Allocate(1, 4);
        for (int call = 1; call <= 5; call++)
        {
            for (int i = 0; i < 8; i++) x.Span[i] = (i - call) * 0.3f;
            OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
            PlainRun.AssertSame(session, new OnnxTensor[] { x }, outputs);
            outputs[0].Dispose();
            model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { y });
            PlainRun.AssertSame(session, new OnnxTensor[] { x }, new OnnxTensor[] { y });
            Assert.Equal(2 * call, memory.Pins);
            Assert.Equal(2 * call, memory.Unpins);
        }
    }

    [Fact]
    public async Task ArraysMovedByCompactingCollections_AreReadWhereTheyAre_DuringEveryCall()
    {
        // y[n, 2048] = x[n, 16] · w: a MatMul that reads x for the whole run (milliseconds), so collections on the other
        // thread land while ONNX Runtime reads the caller's array. x (64 KiB) stays below the large-object heap: movable.
        var random = new Random(3);
        float[] weights = Enumerable.Range(0, 16 * 2048).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        using InferenceSession session = Models.Open(ModelBuilder.Build(
            new[] { ModelBuilder.Tensor("x", TensorElementType.Float, "n", 16) },
            new[] { ModelBuilder.Tensor("y", TensorElementType.Float, "n", 2048) },
            new[] { ModelBuilder.Node("MatMul", new[] { "x", "w" }, new[] { "y" }) },
            new[] { ModelBuilder.FloatTensor("w", new long[] { 16, 2048 }, weights) }));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using var stop = new CancellationTokenSource();
        Task collector = Task.Run(() =>
        {
            var garbage = new object[64];
            for (int round = 0; !stop.IsCancellationRequested; round++)
            {
                // Fresh garbage between the arrays the calls use, then a compacting collection that closes the gaps.
                for (int i = 0; i < garbage.Length; i++) garbage[i] = new float[(round + i) % 200 + 1];
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }
        });
        try
        {
            for (int call = 0; call < 60; call++)
            {
                _ = new byte[random.Next(16, 4096)]; // so each call's array lands somewhere new, with garbage around it
                float[] values = Enumerable.Range(0, 1024 * 16).Select(_ => (float)random.NextDouble() * 4 - 2).ToArray();
                using OnnxTensor<float> x = OnnxTensor<float>.FromArray(values, 1024, 16);
                OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
                PlainRun.AssertSame(session, new OnnxTensor[] { x }, outputs);
                outputs[0].Dispose();
            }
        }
        finally
        {
            stop.Cancel();
            await collector;
        }
    }
}
