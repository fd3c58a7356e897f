using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using OnnxTyped.Benchmarks.Counters;
using OnnxTyped.Benchmarks.Models;
using OnnxTyped.Benchmarks.Variants;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Threads;

/// <summary>
/// The tiny MLP called from 1, 2 or 8 threads at once; an operation is every thread making
/// <see cref="CallsPerThread"/> calls. <see cref="GeneratedRun"/> shares one generated <see cref="TinyMlp"/>
/// instance (outputs disposed); <see cref="Floor"/> gives each thread its own pre-bound IO binding on the same
/// session, which is what the machine and ONNX Runtime allow. The summary adds calls per second, the throughput
/// against one thread, and the IO bindings and OrtValues the runtime made per call.
/// </summary>
public class ThreadScalingBenchmarks
{
    /// <summary>Calls each thread makes per benchmark operation.</summary>
    public const int CallsPerThread = 2000;

    private BenchmarkModel _model = null!;
    private TinyMlp? _mlp;
    private FloorCall[] _floors = Array.Empty<FloorCall>();
    private CallingThreads _threads = null!;
    private long _rounds;
    private long? _bindingsAtStart;
    private long? _valuesAtStart;

    [Params(1, 2, 8)]
    public int Threads { get; set; } = 1;

    [GlobalSetup(Target = nameof(Floor))]
    public void SetupFloor()
    {
        _model = BenchmarkModel.Open(BenchmarkModelName.TinyMlp);
        _floors = Enumerable.Range(0, Threads).Select(_ => new FloorCall(_model)).ToArray();
        OutputCheck.RequireBitEqual("Floor", _model, _floors[0].CallOnce());
        _threads = new CallingThreads(Threads, CallsPerThread, thread => _floors[thread].Call());
        StartCounting();
    }

    [GlobalSetup(Target = nameof(GeneratedRun))]
    public void SetupGeneratedRun()
    {
        _model = BenchmarkModel.Open(BenchmarkModelName.TinyMlp);
        TinyMlp mlp = _mlp = new TinyMlp(_model.Session);
        torch.Tensor x = _model.Inputs[0];
        using (TinyMlp.TorchOutputs outputs = mlp.RunTorch(x))
            OutputCheck.RequireBitEqual("TinyMlp.Run", _model, new[] { ManagedArrays.FloatsOf(outputs.Y) });
        _threads = new CallingThreads(Threads, CallsPerThread, _ =>
        {
            using TinyMlp.TorchOutputs outputs = mlp.RunTorch(x);
        });
        StartCounting();
    }

    private void StartCounting()
    {
        _rounds = 0;
        _bindingsAtStart = NativeLedgerCounters.BindingsOpened;
        _valuesAtStart = NativeLedgerCounters.ValuesMade;
    }

    /// <summary>Every thread runs its own pre-bound binding (RunWithBinding only); returns when all are done.</summary>
    [Benchmark(Baseline = true)]
    public void Floor()
    {
        _threads.RunRound();
        _rounds++;
    }

    /// <summary>Every thread calls Run on the one shared generated instance; returns when all are done.</summary>
    [Benchmark]
    public void GeneratedRun()
    {
        _threads.RunRound();
        _rounds++;
    }

    /// <summary>The key of a case's counts in <see cref="NativeObjectTally"/>.</summary>
    public static string CaseKey(string method, int threads) => method + "/threads/" + threads;

    [GlobalCleanup]
    public void Cleanup()
    {
        _threads.Dispose();
        string method = _mlp is null ? nameof(Floor) : nameof(GeneratedRun);
        var counts = new NativeObjectCounts(
            _rounds * Threads * CallsPerThread,
            NativeLedgerCounters.BindingsOpened - _bindingsAtStart,
            NativeLedgerCounters.ValuesMade - _valuesAtStart);
        NativeObjectTally.Record(CaseKey(method, Threads), counts);
        Console.WriteLine(
            $"// {method}, {Threads} thread(s): {counts.Calls} calls, IO bindings opened: {counts.BindingsOpened?.ToString() ?? "n/a"}" +
            (counts.BindingsOpened is null ? $" (the runtime has no NativeLedger.{NativeLedgerCounters.BindingsOpenedName})" : "") +
            $", OrtValues made per call: {NativeObjectCounts.PerCall(counts.ValuesMade, counts.Calls)}");
        _mlp?.Dispose();
        _mlp = null;
        foreach (FloorCall floor in _floors) floor.Dispose();
        _floors = Array.Empty<FloorCall>();
        _model.Dispose();
    }
}
