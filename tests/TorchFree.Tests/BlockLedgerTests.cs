using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// The native blocks of <c>Run</c>'s outputs, counted by the <see cref="NativeLedger"/>: a kept block serves the next
/// output only when it has its size, a block of another size is freed, and nothing is left once the model and every
/// output are disposed, in whichever order.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class BlockLedgerTests
{
    [Fact]
    public void AKeptBlock_ServesOnlyAnOutputOfItsSize_AndABlockOfAnotherSizeIsFreed()
    {
        Settle();
        long live = NativeLedger.LiveBlocks;
        using (InferenceSession session = Models.Open(ReadyModels.Projection("batch")))
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        {
            // Down and up: a 4096-row block must not serve 1 row (it would stay too big), a 1-row block must not take 2048
            // (ONNX Runtime would write past it), and no block lingers beside the new one. Shrinking first makes a block
            // reused at the wrong size fail the count below, rather than corrupt the heap first.
            foreach (int batch in new[] { 4096, 1, 2048, 1 })
            {
                for (int call = 0; call < 3; call++)
                {
                    float[] values = Enumerable.Range(0, batch * 3).Select(i => (i % 97) * 0.125f - call).ToArray();
                    using OnnxTensor<float> x = OnnxTensor<float>.FromArray(values, batch, 3);
                    long allocated = NativeLedger.BlocksAllocated;
                    OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
                    Assert.Equal(call == 0 ? 1 : 0, NativeLedger.BlocksAllocated - allocated); // a new block only for a new size
                    Assert.Equal(live + 1, NativeLedger.LiveBlocks); // the output's block alone: the other size's was freed
                    PlainRun.AssertSame(session, new OnnxTensor[] { x }, outputs);
                    outputs[0].Dispose();
                    Assert.Equal(live + 1, NativeLedger.LiveBlocks); // kept by the runner for the next call
                }
            }
        }
        Assert.Equal(live, NativeLedger.LiveBlocks);
    }

    [Fact]
    public void AnOutputDisposedAfterItsModel_FreesItsBlock()
    {
        Settle();
        long live = NativeLedger.LiveBlocks;
        using InferenceSession session = Models.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        using OnnxTensor<float> x = OnnxTensor<float>.FromArray(Enumerable.Range(0, 16).Select(i => i * 0.5f - 3).ToArray(), 2, 8);
        OnnxTensor[] outputs;
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        {
            model.Run(new OnnxTensor[] { x })[0].Dispose(); // a block kept by the runner, freed with the model
            outputs = model.Run(new OnnxTensor[] { x });
        }
        Assert.Equal(live + 1, NativeLedger.LiveBlocks); // the output that outlives the model
        PlainRun.AssertSame(session, new OnnxTensor[] { x }, outputs);
        outputs[0].Dispose(); // its runner is gone: no one may keep the block
        Assert.Equal(live, NativeLedger.LiveBlocks);
    }

    // Tensors other tests dropped without disposing are freed by their finalizers: let those run before counting.
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
