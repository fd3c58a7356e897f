using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>Runs alone: these read the runtime's process-wide native ledger.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LedgerCollection
{
    public const string Name = "native ledger";
}

/// <summary>
/// Who owns what: every OrtValue and binding the typed front-end makes is released, concurrent callers reuse
/// bindings, and memory a call uses is never freed under it.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class OwnershipTests
{
    [Fact]
    public void RunsOnSilero_LeaveNoNativeValueBehind_OnceOutputsAndModelAreDisposed()
    {
        long values = NativeLedger.LiveValues, bindings = NativeLedger.LiveBindings;
        using (InferenceSession session = Models.Open(Models.SileroVad))
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        using (OnnxTensor<long> sr = OnnxTensor<long>.FromArray(new[] { 16000L }))
        using (OnnxTensor<float> input = OnnxTensor<float>.Allocate(1, 512))
        {
            OnnxTensor<float> state = OnnxTensor<float>.Allocate(2, 1, 128);
            for (int call = 0; call < 20; call++)
            {
                OnnxTensor[] outputs = model.Run(new OnnxTensor[] { input, state, sr });
                outputs[0].Dispose();
                state.Dispose();
                state = (OnnxTensor<float>)outputs[1];
            }
            state.Dispose();
        }
        Assert.Equal(values, NativeLedger.LiveValues);
        Assert.Equal(bindings, NativeLedger.LiveBindings);
    }

    [Fact]
    public void ConcurrentCallers_GetRightAnswers_AndReuseBindings()
    {
        using InferenceSession session = Models.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        OnnxTensor<float>[] inputs = Enumerable.Range(0, 4)
            .Select(t => OnnxTensor<float>.FromArray(Enumerable.Range(0, 8).Select(i => (float)(i * (t + 1)) / 10).ToArray(), 1, 8)).ToArray();
        byte[][] expected = inputs.Select(x => PlainRun.Outputs(session, new OnnxTensor[] { x })[0].Bytes).ToArray();
        long opened = NativeLedger.BindingsOpened;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            for (int call = 0; call < 200; call++)
            {
                OnnxTensor[] outputs = model.Run(new OnnxTensor[] { inputs[t] });
                Assert.Equal(expected[t], PlainRun.BytesOf(outputs[0]));
                outputs[0].Dispose();
            }
        });
        Assert.InRange(NativeLedger.BindingsOpened - opened, 1, 4);
        foreach (OnnxTensor<float> x in inputs) x.Dispose();
    }

    [Fact]
    public async Task DisposingTheModelDuringCallsOnAnotherThread_FinishesThem_ThenRefusesNewOnes()
    {
        // The model owns its session (opened from a path), so a session freed under a running call would show.
        // DisposeDuringCallTests fixes the order of events; this is the same contract with a real second thread.
        long bindings = NativeLedger.LiveBindings;
        string path = Path.Combine(Path.GetTempPath(), "onnxtyped-torchfree-silero-" + Guid.NewGuid().ToString("N") + ".onnx");
        File.Copy(Models.SileroVad, path);
        try
        {
            using InferenceSession plain = Models.Open(path);
            var model = new ModelSession(path, ModelSignature.Of(plain)) { Name = "Silero" };
            using OnnxTensor<long> sr = OnnxTensor<long>.FromArray(new[] { 16000L });
            using OnnxTensor<float> input = OnnxTensor<float>.Allocate(1, 512);
            using OnnxTensor<float> state = OnnxTensor<float>.Allocate(2, 1, 128);
            var inputs = new OnnxTensor[] { input, state, sr };
            byte[] expected = PlainRun.Outputs(plain, inputs)[0].Bytes;
            using var started = new ManualResetEventSlim();
            Task caller = Task.Run(() =>
            {
                while (true)
                {
                    OnnxTensor[] outputs = model.Run(inputs);
                    Assert.Equal(expected, PlainRun.BytesOf(outputs[0]));
                    foreach (OnnxTensor output in outputs) output.Dispose();
                    started.Set();
                }
            });
            Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
            model.Dispose();
            var refused = await Assert.ThrowsAsync<ObjectDisposedException>(() => caller.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal("Silero", refused.ObjectName);
            Assert.Equal(bindings, NativeLedger.LiveBindings);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OutputsOnnxRuntimeAllocated_ReleaseTheirOrtValues_WhenDisposed()
    {
        // NonZero's output is shaped by the values: ONNX Runtime allocates it, and the tensor owns that OrtValue.
        long values = NativeLedger.LiveValues;
        using (InferenceSession session = Models.Open(ModelBuilder.Build(
            new[] { ModelBuilder.Tensor("x", TensorElementType.Float, 4) },
            new[] { ModelBuilder.Tensor("idx", TensorElementType.Int64, 1, "nz") },
            new[] { ModelBuilder.Node("NonZero", new[] { "x" }, new[] { "idx" }) })))
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        {
            for (int call = 0; call < 10; call++)
            {
                using OnnxTensor<float> x = OnnxTensor<float>.FromArray(new float[] { call % 2, 0, call % 3, 1 }, 4);
                OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
                PlainRun.AssertSame(session, new OnnxTensor[] { x }, outputs);
                long live = NativeLedger.LiveValues;
                outputs[0].Dispose();
                if (call >= 2) Assert.Equal(live - 1, NativeLedger.LiveValues); // once the memo gave up guessing, each output is ONNX Runtime's
            }
        }
        Assert.Equal(values, NativeLedger.LiveValues);
    }

    [Fact]
    public void ATensorDisposedWhileACallHoldsIt_IsFreedOnlyWhenTheCallLetsGo()
    {
        OnnxTensor<float> tensor = OnnxTensor<float>.Allocate(4);
        var pin = new PinnedTensor();
        IntPtr address = tensor.Pin(ref pin);
        tensor.Dispose();
        Assert.True(tensor.IsDisposed);
        Assert.False(pin.Native!.IsClosed); // still held by the "call"
        Assert.NotEqual(IntPtr.Zero, address);
        System.Runtime.InteropServices.SafeHandle native = pin.Native;
        tensor.Unpin(ref pin);
        Assert.True(native.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => tensor.Pin(ref pin));
    }
}
