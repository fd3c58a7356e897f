using System;
using System.IO;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// Disposing a model that owns its session while a call runs: the session is freed when the call leaves, never under
/// it, and later calls are refused naming the model. The call disposes the model itself, from inside (an input's
/// memory is pinned after the call entered), so the order of events is fixed and the test needs no second thread.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class DisposeDuringCallTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "onnxtyped-torchfree-owned-" + Guid.NewGuid().ToString("N") + ".onnx");
    private readonly InferenceSession _plain;

    public DisposeDuringCallTests()
    {
        File.WriteAllBytes(_path, ReadyModels.Mlp(8, 8, 4, seed: 7));
        _plain = Models.Open(_path);
    }

    [Fact]
    public void DisposedDuringACallThatThenFails_TheSessionIsFreedOnlyWhenTheCallLeaves()
    {
        long bindings = NativeLedger.LiveBindings;
        var model = new ModelSession(_path, ModelSignature.Of(_plain)) { Name = "Owned" };
        var memory = new CountingMemory<float>(8);
        using OnnxTensor<float> x = OnnxTensor<float>.FromMemory(memory.Memory, 1, 8);
        bool? freedAtDispose = null;
        memory.OnPin = () =>
        {
            model.Dispose();
            freedAtDispose = IsFreed(model.Session);
            // Failing here, before anything is bound, keeps a wrongly freed session from being run: the assertion below says so.
            throw new InvalidOperationException("refused by the test");
        };
        Assert.Equal("refused by the test", Assert.Throws<InvalidOperationException>(() => model.Run(new OnnxTensor[] { x })).Message);
        Assert.False(freedAtDispose, "the session was freed by Dispose while a call was in flight");
        Assert.True(IsFreed(model.Session)); // the model owns it: freed once the call left
        Assert.Equal("Owned", Assert.Throws<ObjectDisposedException>(() => model.Run(new OnnxTensor[] { x })).ObjectName);
        Assert.Equal(bindings, NativeLedger.LiveBindings);
    }

    [Fact]
    public void DisposedDuringACall_TheCallFinishesRight_ThenTheSessionIsFreed()
    {
        long bindings = NativeLedger.LiveBindings;
        var model = new ModelSession(_path, ModelSignature.Of(_plain)) { Name = "Owned" };
        var memory = new CountingMemory<float>(8);
        using OnnxTensor<float> x = OnnxTensor<float>.FromMemory(memory.Memory, 1, 8);
        for (int i = 0; i < 8; i++) x.Span[i] = i * 0.4f - 1;
        OnnxTensor[] warm = model.Run(new OnnxTensor[] { x }); // a runner and a kept block exist when Dispose comes
        warm[0].Dispose();
        bool? freedAtDispose = null;
        memory.OnPin = () =>
        {
            memory.OnPin = null;
            model.Dispose();
            freedAtDispose = IsFreed(model.Session);
        };
        OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
        Assert.False(freedAtDispose, "the session was freed by Dispose while a call was in flight");
        Assert.True(IsFreed(model.Session));
        PlainRun.AssertSame(_plain, new OnnxTensor[] { x }, outputs);
        outputs[0].Dispose();
        Assert.Equal("Owned", Assert.Throws<ObjectDisposedException>(() => model.Run(new OnnxTensor[] { x })).ObjectName);
        Assert.Equal(bindings, NativeLedger.LiveBindings);
    }

    // ONNX Runtime does not say whether a session was disposed; the runtime's own check reads it.
    private static bool IsFreed(InferenceSession session)
    {
        try
        {
            SessionLiveness.EnsureAlive(session, "test");
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _plain.Dispose();
        File.Delete(_path);
    }
}
