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
        using var runner = TorchFrontEnd.NewRunner(new SessionPlan(session, ModelSignature.Of(session), inputs));
        using torch.Tensor x = torch.rand(2, 8), y = torch.empty(2, 4);
        runner.RunInto(new[] { x }, new[] { y }, allowEmpty: false);

        long made = NativeLedger.ValuesMade;
        runner.RunInto(new[] { x }, new[] { y }, allowEmpty: false);
        long madeByTheSecondCall = NativeLedger.ValuesMade - made;

        Reference.AssertSameOutputs(session, new Dictionary<string, torch.Tensor> { ["x"] = x }, new[] { y });
        // The caller's output stays bound; the input too where it is read in place, and is bound afresh where not.
        Assert.Equal(readInPlace ? 0 : 1, madeByTheSecondCall);
    }
}
