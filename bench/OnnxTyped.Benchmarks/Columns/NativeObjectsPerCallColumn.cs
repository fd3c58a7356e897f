using System;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OnnxTyped.Benchmarks.Counters;
using OnnxTyped.Benchmarks.Threads;

namespace OnnxTyped.Benchmarks.Columns;

/// <summary>
/// IO bindings or OrtValues the runtime made per call, from its internal counters ("n/a" where a counter is
/// missing): in a thread-scaling case over all its operations (pilot, warm-up and measured); in a run case
/// over calls made in its setup, untimed (only the runtime's own rows). Empty for other rows.
/// </summary>
public sealed class NativeObjectsPerCallColumn : SummaryColumn
{
    private readonly Func<NativeObjectCounts, long?> _count;

    private NativeObjectsPerCallColumn(string columnName, string legend, Func<NativeObjectCounts, long?> count)
        : base(columnName, legend, isNumeric: true) => _count = count;

    public static NativeObjectsPerCallColumn BindingsOpened { get; } = new(
        "Bindings/call", $"IO bindings opened per call (NativeLedger.{NativeLedgerCounters.BindingsOpenedName})", c => c.BindingsOpened);

    public static NativeObjectsPerCallColumn ValuesMade { get; } = new(
        "OrtValues/call", $"OrtValues made per call (NativeLedger.{NativeLedgerCounters.ValuesMadeName})", c => c.ValuesMade);

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        NativeObjectCounts? counts = CaseKey(benchmarkCase) is { } key ? NativeObjectTally.Of(key) : null;
        return counts is null ? "" : NativeObjectCounts.PerCall(_count(counts), counts.Calls);
    }

    public override bool IsAvailable(Summary summary) =>
        SummaryCases.HasCasesOf<ThreadScalingBenchmarks>(summary) || SummaryCases.HasCasesOf<RunBenchmarks>(summary);

    private static string? CaseKey(BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Descriptor.Type == typeof(ThreadScalingBenchmarks))
            return ThreadScalingBenchmarks.CaseKey(benchmarkCase.Descriptor.WorkloadMethod.Name,
                SummaryCases.IntParameter(benchmarkCase, nameof(ThreadScalingBenchmarks.Threads)));
        if (benchmarkCase.Descriptor.Type == typeof(RunBenchmarks))
            return RunBenchmarks.CaseKey((string)benchmarkCase.Parameters[nameof(RunBenchmarks.Model)], benchmarkCase.Descriptor.WorkloadMethod.Name);
        return null;
    }
}
