using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.Generator.Tests.Models;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The generated awaitable entries on Silero VAD (the class the SDK generated from the project file), micro-batched
/// through <c>MicroBatchOptions</c> given to a constructor or <c>Load</c>: concurrent calls of <c>RunAsync</c>,
/// <c>RunIntoAsync</c> and <c>RunTorchAsync</c> give, call by call, what ONNX Runtime's plain <c>Run</c> gives for that
/// call's inputs alone; the cancellation token reaches the runtime; every way to open the model passes the options on,
/// and the item's <c>BatchDim</c> reaches the session.
/// </summary>
public sealed class GeneratedRunAsyncTests
{
    private const int Calls = 4;

    [Fact]
    public async Task RunAsync_MicroBatched_GivesEachCallItsOwnPlainOutputs()
    {
        await using var model = new SileroVad(RepoModels.SileroVad, null, new MicroBatchOptions());
        Assert.True(SessionOf(model).MicroBatches);
        using OnnxTensor<long> sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        var inputs = Enumerable.Range(0, Calls).Select(call => OnnxTensor<float>.FromArray(Noise(512, seed: 20 + call), 1, 512)).ToArray();
        var states = Enumerable.Range(0, Calls).Select(call => OnnxTensor<float>.FromArray(Noise(2 * 128, seed: 40 + call), 2, 1, 128)).ToArray();
        try
        {
            SileroVad.Outputs[] results = await Task.WhenAll(Enumerable.Range(0, Calls).Select(call => model.RunAsync(inputs[call], states[call], sr).AsTask()));
            for (int call = 0; call < Calls; call++)
            {
                using SileroVad.Outputs result = results[call];
                Dictionary<string, float[]> expected = RunPlain(Noise(512, seed: 20 + call), Noise(2 * 128, seed: 40 + call));
                AssertSame(expected["output"], result.Output.ToArray(), call);
                AssertSame(expected["stateN"], result.StateN.ToArray(), call);
                Assert.Equal(new long[] { 1, 1 }, result.Output.Shape.ToArray());
            }
        }
        finally
        {
            foreach (OnnxTensor<float> tensor in inputs.Concat(states)) tensor.Dispose();
        }
    }

    [Fact]
    public async Task RunIntoAsync_MicroBatched_WritesEachCallsPlainOutputs()
    {
        await using var model = SileroVad.Load(microBatching: new MicroBatchOptions());
        Assert.True(SessionOf(model).MicroBatches);
        using OnnxTensor<long> sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        var tensors = Enumerable.Range(0, Calls).Select(call => (
            Input: OnnxTensor<float>.FromArray(Noise(512, seed: 60 + call), 1, 512),
            State: OnnxTensor<float>.FromArray(Noise(2 * 128, seed: 80 + call), 2, 1, 128),
            Output: OnnxTensor<float>.Allocate(1, 1),
            StateN: OnnxTensor<float>.Allocate(2, 1, 128))).ToArray();
        try
        {
            await Task.WhenAll(tensors.Select(t => model.RunIntoAsync(t.Input, t.State, sr, t.Output, t.StateN).AsTask()));
            for (int call = 0; call < Calls; call++)
            {
                Dictionary<string, float[]> expected = RunPlain(Noise(512, seed: 60 + call), Noise(2 * 128, seed: 80 + call));
                AssertSame(expected["output"], tensors[call].Output.ToArray(), call);
                AssertSame(expected["stateN"], tensors[call].StateN.ToArray(), call);
            }
        }
        finally
        {
            foreach (var t in tensors)
            {
                t.Input.Dispose();
                t.State.Dispose();
                t.Output.Dispose();
                t.StateN.Dispose();
            }
        }
    }

    [Fact]
    public async Task TorchFrontEnd_MicroBatched_RunTorchAsyncAndRunIntoAsync_GivePlainOutputs()
    {
        await using var model = new SileroVad(RepoModels.SileroVad, torch.CPU, microBatching: new MicroBatchOptions());
        Assert.True(SessionOf(model).MicroBatches);
        using torch.Tensor sr = torch.tensor(16000L);
        var inputs = Enumerable.Range(0, Calls).Select(call => torch.tensor(Noise(512, seed: 100 + call)).reshape(1, 512)).ToArray();
        var states = Enumerable.Range(0, Calls).Select(call => torch.tensor(Noise(2 * 128, seed: 120 + call)).reshape(2, 1, 128)).ToArray();
        var outputs = Enumerable.Range(0, Calls).Select(_ => torch.empty(1, 1)).ToArray();
        var statesN = Enumerable.Range(0, Calls).Select(_ => torch.empty(2, 1, 128)).ToArray();
        try
        {
            SileroVad.TorchOutputs[] results = await Task.WhenAll(Enumerable.Range(0, Calls).Select(call => model.RunTorchAsync(inputs[call], states[call], sr).AsTask()));
            await Task.WhenAll(Enumerable.Range(0, Calls).Select(call => model.RunIntoAsync(inputs[call], states[call], sr, outputs[call], statesN[call]).AsTask()));
            for (int call = 0; call < Calls; call++)
            {
                using SileroVad.TorchOutputs result = results[call];
                Dictionary<string, float[]> expected = RunPlain(Noise(512, seed: 100 + call), Noise(2 * 128, seed: 120 + call));
                AssertSame(expected["output"], result.Output.data<float>().ToArray(), call);
                AssertSame(expected["stateN"], result.StateN.data<float>().ToArray(), call);
                AssertSame(expected["output"], outputs[call].data<float>().ToArray(), call);
                AssertSame(expected["stateN"], statesN[call].data<float>().ToArray(), call);
            }
        }
        finally
        {
            foreach (torch.Tensor tensor in inputs.Concat(states).Concat(outputs).Concat(statesN)) tensor.Dispose();
        }
    }

    [Fact]
    public async Task TheCancellationToken_ReachesTheRuntime_OnEveryAsyncEntry()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        foreach (MicroBatchOptions? microBatching in new[] { null, new MicroBatchOptions() })
        {
            await using var model = new SileroVad(RepoModels.SileroVad, null, microBatching);
            using OnnxTensor<float> input = OnnxTensor<float>.Allocate(1, 512), state = OnnxTensor<float>.Allocate(2, 1, 128);
            using OnnxTensor<float> output = OnnxTensor<float>.Allocate(1, 1), stateN = OnnxTensor<float>.Allocate(2, 1, 128);
            using OnnxTensor<long> sr = OnnxTensor<long>.FromArray(new[] { 16000L });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.RunAsync(input, state, sr, cancelled.Token).AsTask());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.RunIntoAsync(input, state, sr, output, stateN, cancelled.Token).AsTask());
            using torch.Tensor torchInput = torch.zeros(1, 512), torchState = torch.zeros(2, 1, 128), torchSr = torch.tensor(16000L);
            using torch.Tensor torchOutput = torch.empty(1, 1), torchStateN = torch.empty(2, 1, 128);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.RunTorchAsync(torchInput, torchState, torchSr, cancelled.Token).AsTask());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.RunIntoAsync(torchInput, torchState, torchSr, torchOutput, torchStateN, cancelled.Token).AsTask());
            // Uncancelled, the same calls run.
            using (SileroVad.Outputs result = await model.RunAsync(input, state, sr)) Assert.Equal(new long[] { 1, 1 }, result.Output.Shape.ToArray());
        }
    }

    [Fact]
    public async Task RunIntoAsyncWithAWrongOutput_NamesItsGeneratedParameter_OnBothFrontEnds()
    {
        // As RunInto: the runtime sees one array of outputs, the error is named after the caller's parameter.
        await using var model = SileroVad.Load();
        using var input = OnnxTensor<float>.FromArray(new float[512], 1, 512);
        using var state = OnnxTensor<float>.FromArray(new float[2 * 128], 2, 1, 128);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        using var output = OnnxTensor<float>.Allocate(1, 1);
        using var wrongState = OnnxTensor<float>.Allocate(2, 1, 64);
        var typed = await Assert.ThrowsAsync<OnnxOutputException>(() => model.RunIntoAsync(input, state, sr, output, wrongState).AsTask());
        Assert.Equal("stateN", typed.ParamName);

        using torch.Tensor torchInput = torch.zeros(1, 512), torchState = torch.zeros(2, 1, 128), torchSr = torch.tensor(16000L);
        using torch.Tensor torchOutput = torch.empty(3, 1), torchNext = torch.empty(2, 1, 128);
        var viaTorch = await Assert.ThrowsAsync<OnnxOutputException>(() => model.RunIntoAsync(torchInput, torchState, torchSr, torchOutput, torchNext).AsTask());
        Assert.Equal("output", viaTorch.ParamName);
    }

    [Fact]
    public void EveryConstructorAndLoad_TurnsMicroBatchingOn()
    {
        var options = new MicroBatchOptions();
        using var session = new InferenceSession(RepoModels.SileroVad);
        var opened = new (string Way, SileroVad Model)[]
        {
            ("path", new SileroVad(RepoModels.SileroVad, null, options)),
            ("session", new SileroVad(session, options)),
            ("path and BufferDevice", new SileroVad(RepoModels.SileroVad, BufferDevice.Cpu, microBatching: options)),
            ("path and torch device", new SileroVad(RepoModels.SileroVad, torch.CPU, microBatching: options)),
            ("Load", SileroVad.Load(null, options)),
            ("Load with a BufferDevice", SileroVad.Load(BufferDevice.Cpu, microBatching: options)),
            ("Load with a torch device", SileroVad.Load(torch.CPU, microBatching: options)),
        };
        foreach ((string way, SileroVad model) in opened)
        {
            Assert.True(SessionOf(model).MicroBatches, way);
            Assert.Equal("batch", SessionOf(model).MicroBatchDim);
            model.Dispose();
        }
        using var plain = SileroVad.Load();
        Assert.False(SessionOf(plain).MicroBatches);
    }

    [Fact]
    public async Task TheItemsBatchDim_IsTheAxis_WhenTheOptionsNameNone()
    {
        // Two candidate axes: without a name the runtime refuses; the item's BatchDim picks one, the options' overrides it.
        string path = Write(Model(new[] { Tensor("x", 1, "n", "m") }, new[] { Tensor("y", 1, "n", "m") }, new[] { Node("Relu", new[] { "x" }, new[] { "y" }) }), "two_axes.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(path, ClassName: "TwoAxes", Namespace: "InMemory", BatchDim: "m"));
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompileProblems);
        using var image = new MemoryStream();
        EmitResult emitted = outcome.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        Type type = Assembly.Load(image.ToArray()).GetType("InMemory.TwoAxes", throwOnError: true)!;

        await using (var model = (IAsyncDisposable)Activator.CreateInstance(type, path, null, new MicroBatchOptions())!)
            Assert.Equal("m", SessionOf(model).MicroBatchDim);
        await using (var model = (IAsyncDisposable)Activator.CreateInstance(type, path, null, new MicroBatchOptions { BatchDim = "n" })!)
            Assert.Equal("n", SessionOf(model).MicroBatchDim);
    }

    private static ModelSession SessionOf(object model) =>
        (ModelSession)model.GetType().GetField("_session", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(model)!;

    private static Dictionary<string, float[]> RunPlain(float[] input, float[] state)
    {
        using var session = new InferenceSession(RepoModels.SileroVad);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run(new[]
        {
            NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(input, new[] { 1, 512 })),
            NamedOnnxValue.CreateFromTensor("state", new DenseTensor<float>(state, new[] { 2, 1, 128 })),
            NamedOnnxValue.CreateFromTensor("sr", new DenseTensor<long>(new[] { 16000L }, Array.Empty<int>())),
        });
        return outputs.ToDictionary(o => o.Name, o => o.AsTensor<float>().ToArray());
    }

    private static void AssertSame(float[] expected, float[] actual, int call)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(expected[i] == actual[i], $"call {call}, element {i}: ONNX Runtime gave {expected[i]}, the generated call gave {actual[i]}");
    }

    private static float[] Noise(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
