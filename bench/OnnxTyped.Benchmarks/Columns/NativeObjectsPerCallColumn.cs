using System;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OnnxTyped.Benchmarks.Threads;

namespace OnnxTyped.Benchmarks.Columns;

/// <summary>
/// IO bindings or OrtValues the runtime made per call in a thread-scaling case, over all its operations
/// (pilot, warm-up and measured), from the runtime's internal counters; "n/a" where a counter is missing.
/// </summary>
public sealed class NativeObjectsPerCallColumn : SummaryColumn
{
    private readonly Func<ThreadScalingCounts, long?> _count;

    private NativeObjectsPerCallColumn(string columnName, string legend, Func<ThreadScalingCounts, long?> count)
        : base(columnName, legend, isNumeric: true) => _count = count;

    public static NativeObjectsPerCallColumn BindingsOpened { get; } = new(
        "Bindings/call", $"IO bindings opened per call (NativeLedger.{NativeLedgerCounters.BindingsOpenedName})", c => c.BindingsOpened);

    public static NativeObjectsPerCallColumn ValuesMade { get; } = new(
        "OrtValues/call", $"OrtValues made per call (NativeLedger.{NativeLedgerCounters.ValuesMadeName})", c => c.ValuesMade);

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Descriptor.Type != typeof(ThreadScalingBenchmarks)) return "";
        ThreadScalingCounts? counts = ThreadScalingResults.Of(SummaryCases.IntParameter(benchmarkCase, nameof(ThreadScalingBenchmarks.Threads)));
        return counts is null ? "n/a" : ThreadScalingCounts.PerCall(_count(counts), counts.Calls);
    }

    public override bool IsAvailable(Summary summary) => SummaryCases.HasCasesOf<ThreadScalingBenchmarks>(summary);
}
