using System.Linq;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// Outputs of <c>Run</c> in blocks a disposed output of the last call left: the next output has the same address and
/// stays bound, and an output the caller keeps is never written again.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class RecycledOutputTests
{
    [Fact]
    public void ADisposedOutputsBlock_ServesTheNextCall_WhichMakesNoOrtValue()
    {
        using InferenceSession session = Models.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = OnnxTensor<float>.Allocate(1, 8);
        for (int warm = 0; warm < 2; warm++) model.Run(new OnnxTensor[] { x })[0].Dispose();
        long made = NativeLedger.ValuesMade;
        for (int call = 0; call < 20; call++)
        {
            x.Span.Fill(call * 0.1f);
            OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
            PlainRun.AssertSame(session, new OnnxTensor[] { x }, outputs);
            outputs[0].Dispose();
        }
        Assert.Equal(made, NativeLedger.ValuesMade);
    }

    [Fact]
    public void AnOutputTheCallerKeeps_IsNeverWrittenAgain()
    {
        using InferenceSession session = Models.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = OnnxTensor<float>.Allocate(1, 8);
        var kept = new OnnxTensor[6];
        var expected = new byte[6][];
        for (int call = 0; call < kept.Length; call++)
        {
            x.Span.Fill(call + 1);
            expected[call] = PlainRun.Outputs(session, new OnnxTensor[] { x })[0].Bytes;
            kept[call] = model.Run(new OnnxTensor[] { x })[0];
            if (call % 2 == 1) kept[call - 1].Dispose(); // every other output goes back, to be reused by the next call
        }
        for (int call = 1; call < kept.Length; call += 2) Assert.Equal(expected[call], PlainRun.BytesOf(kept[call]));
        foreach (OnnxTensor output in kept.Where(o => !o.IsDisposed)) output.Dispose();
    }
}
