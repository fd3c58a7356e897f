using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;

namespace OnnxTyped.Benchmarks;

/// <summary>
/// One model call per operation, for each way of running it. The floor binds OrtValues over pinned
/// buffers once and only calls RunWithBinding; everything else is measured against it.
/// </summary>
[MemoryDiagnoser]
public class RunBenchmarks
{
    private InferenceSession _session = null!;
    private OrtIoBinding _floorBinding = null!;
    private RunOptions _runOptions = null!;
    private readonly List<OrtValue> _floorValues = new();
    private readonly List<GCHandle> _pins = new();
    private Dictionary<string, torch.Tensor> _inputs = null!;
    private torch.Tensor[] _orderedInputs = null!;
    private BoundSession _bound = null!;
    private torch.Tensor[] _outputBuffers = null!;
    private float[][] _managedInputs = null!;

    /// <summary>Which model: the tiny MLP (binding overhead dominates) or Silero VAD (a real small model).</summary>
    [Params("mlp", "silero")]
    public string Model { get; set; } = "mlp";

    [GlobalSetup]
    public void Setup()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = Model == "mlp" ? new InferenceSession(ReadyModels.Mlp(64, 64, 10, seed: 42), options) : new InferenceSession(RepoModels.SileroVad, options);
        _runOptions = new RunOptions();
        torch.manual_seed(0);
        _inputs = Model == "mlp"
            ? new Dictionary<string, torch.Tensor> { ["x"] = torch.rand(1, 64) }
            : new Dictionary<string, torch.Tensor> { ["input"] = torch.rand(1, 512) - 0.5, ["state"] = torch.zeros(2, 1, 128), ["sr"] = torch.tensor(16000L) };
        ModelSignature signature = ModelSignature.Of(_session);
        _orderedInputs = new torch.Tensor[signature.Inputs.Count];
        for (int i = 0; i < _orderedInputs.Length; i++) _orderedInputs[i] = _inputs[signature.InputNames[i]];
        _bound = new BoundSession(_session, signature);
        _outputBuffers = Model == "mlp"
            ? new[] { torch.empty(1, 10) }
            : new[] { torch.empty(1, 1), torch.empty(2, 1, 128) };
        _managedInputs = Model == "mlp" ? new[] { _inputs["x"].data<float>().ToArray() } : new[] { _inputs["input"].data<float>().ToArray(), _inputs["state"].data<float>().ToArray() };
        SetupFloor();
    }

    private void SetupFloor()
    {
        _floorBinding = _session.CreateIoBinding();
        foreach (string name in _session.InputNames)
            _floorBinding.BindInput(name, Pinned(_inputs[name]));
        foreach (string name in _session.OutputNames)
        {
            long[] shape = Model == "mlp" ? new long[] { 1, 10 } : name == "output" ? new long[] { 1, 1 } : new long[] { 2, 1, 128 };
            _floorBinding.BindOutput(name, Pinned(torch.zeros(shape)));
        }
    }

    private OrtValue Pinned(torch.Tensor tensor)
    {
        byte[] bytes = tensor.bytes.ToArray();
        GCHandle pin = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        _pins.Add(pin);
        TensorElementType type = TorchElementTypes.ToOnnx(tensor.dtype)!.Value;
        OrtValue value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, type, tensor.shape, pin.AddrOfPinnedObject(), bytes.Length);
        _floorValues.Add(value);
        return value;
    }

    /// <summary>Floor: pre-bound OrtValues over pinned buffers; per call only RunWithBinding.</summary>
    [Benchmark(Baseline = true)]
    public void Floor() => _session.RunWithBinding(_runOptions, _floorBinding);

    /// <summary>Hand-written ORT: OrtValues over managed arrays made per call, session.Run.</summary>
    [Benchmark]
    public void OrtValuesPerCall()
    {
        var names = _session.InputNames;
        var values = new OrtValue[names.Count];
        try
        {
            for (int i = 0; i < names.Count; i++)
                values[i] = names[i] == "sr"
                    ? OrtValue.CreateTensorValueFromMemory(new long[] { 16000 }, Array.Empty<long>())
                    : OrtValue.CreateTensorValueFromMemory(_managedInputs[i], _inputs[names[i]].shape);
            using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_runOptions, names, values, _session.OutputNames);
        }
        finally
        {
            foreach (OrtValue? value in values) value?.Dispose();
        }
    }

    /// <summary>OnnxTyped: RunViaIoBinding on torch tensors (new binding per call, metadata cached).</summary>
    [Benchmark]
    public void RunViaIoBinding()
    {
        IReadOnlyList<torch.Tensor> outputs = _session.RunViaIoBinding(_inputs);
        foreach (torch.Tensor output in outputs) output.Dispose();
    }

    /// <summary>OnnxTyped: BoundSession.Run, what generated classes call (reused binding, inputs in model order).</summary>
    [Benchmark]
    public void BoundSessionRun()
    {
        torch.Tensor[] outputs = _bound.Run(_orderedInputs);
        foreach (torch.Tensor output in outputs) output.Dispose();
    }

    /// <summary>OnnxTyped: BoundSession.RunInto caller-owned output buffers reused across calls (nothing re-bound).</summary>
    [Benchmark]
    public void BoundSessionRunInto() => _bound.RunInto(_orderedInputs, _outputBuffers);

    [GlobalCleanup]
    public void Cleanup()
    {
        _bound.Dispose();
        foreach (torch.Tensor buffer in _outputBuffers) buffer.Dispose();
        _floorBinding.Dispose();
        foreach (OrtValue value in _floorValues) value.Dispose();
        foreach (GCHandle pin in _pins) pin.Free();
        foreach (torch.Tensor tensor in _inputs.Values) tensor.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
