using System;
using BenchmarkDotNet.Attributes;
using OnnxTyped.Benchmarks.Counters;
using OnnxTyped.Benchmarks.Models;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Threads;

/// <summary>
/// One generated <see cref="TinyMlp"/> instance called from 1, 2 or 8 threads at once: an operation is every
/// thread making <see cref="CallsPerThread"/> calls of <c>Run</c> (outputs disposed). The summary adds calls per
/// second, the throughput against one thread, and the IO bindings and OrtValues the runtime made per call.
/// </summary>
public class ThreadScalingBenchmarks
{
    /// <summary>Calls each thread makes per benchmark operation.</summary>
    public const int CallsPerThread = 2000;

    private BenchmarkModel _model = null!;
    private TinyMlp _mlp = null!;
    private CallingThreads _threads = null!;
    private long _rounds;
    private long? _bindingsAtStart;
    private long? _valuesAtStart;

    [Params(1, 2, 8)]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchmarkModel.Open(BenchmarkModelName.TinyMlp);
        _mlp = new TinyMlp(_model.Session);
        torch.Tensor x = _model.Inputs[0];
        using (TinyMlp.Outputs outputs = _mlp.Run(x))
            OutputCheck.RequireBitEqual("TinyMlp.Run", _model, new[] { ManagedArrays.FloatsOf(outputs.Y) });
        _threads = new CallingThreads(Threads, CallsPerThread, () =>
        {
            using TinyMlp.Outputs outputs = _mlp.Run(x);
        });
        _rounds = 0;
        _bindingsAtStart = NativeLedgerCounters.BindingsOpened;
        _valuesAtStart = NativeLedgerCounters.ValuesMade;
    }

    /// <summary>Every thread makes its calls; returns when all are done.</summary>
    [Benchmark]
    public void Calls()
    {
        _threads.RunRound();
        _rounds++;
    }

    /// <summary>The key of a case's counts in <see cref="NativeObjectTally"/>.</summary>
    public static string CaseKey(int threads) => "threads/" + threads;

    [GlobalCleanup]
    public void Cleanup()
    {
        var counts = new NativeObjectCounts(
            _rounds * Threads * CallsPerThread,
            NativeLedgerCounters.BindingsOpened - _bindingsAtStart,
            NativeLedgerCounters.ValuesMade - _valuesAtStart);
        NativeObjectTally.Record(CaseKey(Threads), counts);
        Console.WriteLine(
            $"// {Threads} thread(s): {counts.Calls} calls, IO bindings opened: {counts.BindingsOpened?.ToString() ?? "n/a"}" +
            (counts.BindingsOpened is null ? $" (the runtime has no NativeLedger.{NativeLedgerCounters.BindingsOpenedName})" : "") +
            $", OrtValues made per call: {NativeObjectCounts.PerCall(counts.ValuesMade, counts.Calls)}");
        _threads.Dispose();
        _mlp.Dispose();
        _model.Dispose();
    }
}
