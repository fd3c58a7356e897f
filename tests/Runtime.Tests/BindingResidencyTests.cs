using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// The binding cache follows <see cref="InputResidency"/>: an unchanged input stays bound only where ONNX Runtime reads
/// it in place. Counted with the process-wide <see cref="NativeLedger.ValuesMade"/>, so it runs apart from other tests.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class BindingResidencyTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BindingCache_KeepsAnUnchangedInput_OnlyWhereItIsReadInPlace(bool readInPlace)
    {
        // The same CPU session, told its input is consumed on the CPU (kept) or elsewhere (bound afresh every call).
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        var inputs = new SessionInputs(new BufferDevice?[] { readInPlace ? BufferDevice.Cpu : BufferDevice.Cuda(0) }, acceptsCuda: false, cudaDevice: null);
        using var runner = new TorchRunner(new SessionPlan(session, ModelSignature.Of(session), inputs));
        using torch.Tensor x = torch.rand(2, 8);
        var checkedInputs = new CheckedInputs(new[] { x.shape }, new[] { torch.ScalarType.Float32 }, BufferDevice.Cpu);
        runner.Run(new[] { x }, checkedInputs, null)[0].Dispose();

        long made = NativeLedger.ValuesMade;
        torch.Tensor[] outputs = runner.Run(new[] { x }, checkedInputs, null);
        long madeByTheSecondCall = NativeLedger.ValuesMade - made;

        Reference.AssertSameOutputs(session, new Dictionary<string, torch.Tensor> { ["x"] = x }, outputs);
        outputs[0].Dispose();
        // Each call makes one value for its pre-allocated output; an input bound afresh makes one more.
        Assert.Equal(readInPlace ? 1 : 2, madeByTheSecondCall);
    }
}
