using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using System;
using OnnxTyped.Benchmarks.Counters;
using OnnxTyped.Benchmarks.MlNet;
using OnnxTyped.Benchmarks.Models;
using OnnxTyped.Benchmarks.Variants;
using TorchSharp;

namespace OnnxTyped.Benchmarks;

/// <summary>
/// One model call per operation, for each way of running a model from .NET, against ONNX Runtime's floor
/// (pre-bound buffers, only <c>RunWithBinding</c>). Every variant's outputs are checked bit for bit against
/// the classic API in the setup, before anything is timed.
/// </summary>
/// <remarks>
/// <see cref="GeneratedRun"/> and <see cref="GeneratedRunInto"/> are the generated classes' torch front-end;
/// <see cref="TypedRun"/> and <see cref="TypedRunInto"/> their typed front-end (<c>OnnxTensor&lt;T&gt;</c>), judged by
/// the target column against the same targets.
/// </remarks>
[MemoryDiagnoser]
public class RunBenchmarks
{
    private BenchmarkModel _model = null!;
    private FloorCall _floor = null!;
    private TorchMemoryFloorCall _torchMemoryFloor = null!;
    private OrtValueApiCall _ortValueApi = null!;
    private NamedOnnxValueCall _namedOnnxValue = null!;
    private ReferenceStyleCall _referenceStyle = null!;
    private IReadOnlyDictionary<string, torch.Tensor> _inputsByName = null!;
    private IGeneratedModelCalls _generated = null!;
    private IMlNetCall? _mlNet;

    /// <summary>Which model (see <see cref="BenchmarkModelName"/>).</summary>
    [Params(BenchmarkModelName.TinyMlp, BenchmarkModelName.SileroVad, BenchmarkModelName.PpOcrDetector)]
    public string Model { get; set; } = BenchmarkModelName.TinyMlp;

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchmarkModel.Open(Model);
        _floor = new FloorCall(_model);
        _torchMemoryFloor = new TorchMemoryFloorCall(_model);
        _ortValueApi = new OrtValueApiCall(_model);
        _namedOnnxValue = new NamedOnnxValueCall(_model.Session, _model.InputNames, _model.InputArrays, _model.InputShapes, _model.OutputNames);
        _referenceStyle = new ReferenceStyleCall(_model);
        _inputsByName = _model.InputsByName();
        _generated = Model switch
        {
            BenchmarkModelName.TinyMlp => new TinyMlpCalls(_model),
            BenchmarkModelName.SileroVad => new SileroVadCalls(_model),
            _ => new PpOcrDetectorCalls(_model),
        };

        OutputCheck.RequireBitEqual(nameof(Floor), _model, _floor.CallOnce());
        OutputCheck.RequireBitEqual(nameof(FloorOverTorchMemory), _model, _torchMemoryFloor.CallOnce());
        OutputCheck.RequireBitEqual(nameof(OrtValueApi), _model, _ortValueApi.CallOnce());
        OutputCheck.RequireBitEqual(nameof(NamedOnnxValue), _model, _namedOnnxValue.CallOnce(out _));
        OutputCheck.RequireBitEqual(nameof(ReferenceStyle), _model, FloatsAndDispose(_referenceStyle.Call()));
        OutputCheck.RequireBitEqual(nameof(RunViaIoBinding), _model, FloatsAndDispose(_model.Session.RunViaIoBinding(_inputsByName)));
        OutputCheck.RequireBitEqual(nameof(GeneratedRun), _model, _generated.RunOnce());
        OutputCheck.RequireBitEqual(nameof(GeneratedRunInto), _model, _generated.RunIntoOnce());
        OutputCheck.RequireBitEqual(nameof(TypedRun), _model, _generated.TypedRunOnce());
        OutputCheck.RequireBitEqual(nameof(TypedRunInto), _model, _generated.TypedRunIntoOnce());
    }

    /// <summary>ML.NET opens a session of its own; its failure (if any) fails this row only.</summary>
    [GlobalSetup(Target = nameof(MlNet))]
    public void SetupMlNet()
    {
        Setup();
        _mlNet = MlNetCalls.For(_model);
        OutputCheck.RequireBitEqual(nameof(MlNet), _model, _mlNet.CallOnce());
    }

    /// <summary>The runtime's own rows also count the IO bindings and OrtValues it makes per call, in calls made here, untimed.</summary>
    [GlobalSetup(Target = nameof(RunViaIoBinding))]
    public void SetupRunViaIoBinding()
    {
        Setup();
        NativeObjectTally.Measure(CaseKey(Model, nameof(RunViaIoBinding)), RunViaIoBinding, ProbeCalls);
    }

    [GlobalSetup(Target = nameof(GeneratedRun))]
    public void SetupGeneratedRun()
    {
        Setup();
        NativeObjectTally.Measure(CaseKey(Model, nameof(GeneratedRun)), GeneratedRun, ProbeCalls);
    }

    [GlobalSetup(Target = nameof(GeneratedRunInto))]
    public void SetupGeneratedRunInto()
    {
        Setup();
        NativeObjectTally.Measure(CaseKey(Model, nameof(GeneratedRunInto)), GeneratedRunInto, ProbeCalls);
    }

    [GlobalSetup(Target = nameof(TypedRun))]
    public void SetupTypedRun()
    {
        Setup();
        NativeObjectTally.Measure(CaseKey(Model, nameof(TypedRun)), TypedRun, ProbeCalls);
    }

    [GlobalSetup(Target = nameof(TypedRunInto))]
    public void SetupTypedRunInto()
    {
        Setup();
        NativeObjectTally.Measure(CaseKey(Model, nameof(TypedRunInto)), TypedRunInto, ProbeCalls);
    }

    /// <summary>The key of a case's counts in <see cref="NativeObjectTally"/>.</summary>
    public static string CaseKey(string model, string method) => model + "/" + method;

    // Enough calls for a per-call count, few enough on the 0.1 s PP-OCR call.
    private int ProbeCalls => Model switch
    {
        BenchmarkModelName.TinyMlp => 1000,
        BenchmarkModelName.SileroVad => 100,
        _ => 5,
    };

    /// <summary>ONNX Runtime's floor: OrtValues over pinned buffers bound once; per call only RunWithBinding.</summary>
    [Benchmark(Baseline = true)]
    public void Floor() => _floor.Call();

    /// <summary>The floor with torch's memory instead of pinned arrays: bound once, per call only RunWithBinding.</summary>
    [Benchmark]
    public void FloorOverTorchMemory() => _torchMemoryFloor.Call();

    /// <summary>session.Run with OrtValues made per call over managed arrays.</summary>
    [Benchmark]
    public void OrtValueApi() => _ortValueApi.Call();

    /// <summary>The classic API: NamedOnnxValue and DenseTensor over managed arrays.</summary>
    [Benchmark]
    public void NamedOnnxValue() => _namedOnnxValue.Call();

    /// <summary>torch → managed array copy → classic Run → array → torch.tensor.</summary>
    [Benchmark]
    public void ReferenceStyle()
    {
        foreach (torch.Tensor output in _referenceStyle.Call()) output.Dispose();
    }

    /// <summary>ML.NET: ApplyOnnxModel and a PredictionEngine over managed arrays.</summary>
    [Benchmark]
    public void MlNet() => _mlNet!.Call();

    /// <summary>This project's extension method on torch tensors by name (a new IO binding per call).</summary>
    [Benchmark]
    public void RunViaIoBinding()
    {
        foreach (torch.Tensor output in _model.Session.RunViaIoBinding(_inputsByName)) output.Dispose();
    }

    /// <summary>The generated class's Run: torch tensors in, new output tensors (disposed) out.</summary>
    [Benchmark]
    public void GeneratedRun() => _generated.Run();

    /// <summary>The generated class's RunInto, into output tensors reused across calls.</summary>
    [Benchmark]
    public void GeneratedRunInto() => _generated.RunInto();

    /// <summary>The generated class's typed Run: <c>OnnxTensor&lt;T&gt;</c> in native memory in, new output tensors (disposed) out.</summary>
    [Benchmark]
    public void TypedRun() => _generated.TypedRun();

    /// <summary>The generated class's typed RunInto, into output tensors reused across calls.</summary>
    [Benchmark]
    public void TypedRunInto() => _generated.TypedRunInto();

    [GlobalCleanup]
    public void Cleanup()
    {
        _mlNet?.Dispose();
        _generated.Dispose();
        _namedOnnxValue.Dispose();
        _ortValueApi.Dispose();
        _torchMemoryFloor.Dispose();
        _floor.Dispose();
        _model.Dispose();
    }

    private static float[][] FloatsAndDispose(IReadOnlyList<torch.Tensor> outputs)
    {
        var floats = new float[outputs.Count][];
        for (int i = 0; i < outputs.Count; i++)
        {
            floats[i] = ManagedArrays.FloatsOf(outputs[i]);
            outputs[i].Dispose();
        }
        return floats;
    }
}
