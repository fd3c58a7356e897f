using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OnnxTyped.Benchmarks.Threads;

namespace OnnxTyped.Benchmarks.Columns;

/// <summary>A thread-scaling case's calls per second over the one-thread case's.</summary>
public sealed class ThroughputVsOneThreadColumn : SummaryColumn
{
    public ThroughputVsOneThreadColumn()
        : base("vs 1 thread", "Calls per second over those of one thread, in the same run", isNumeric: true)
    {
    }

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Descriptor.Type != typeof(ThreadScalingBenchmarks)) return "";
        BenchmarkCase? oneThread = SummaryCases.WithParameter(summary, benchmarkCase, nameof(ThreadScalingBenchmarks.Threads), 1);
        double? mine = CallsPerSecondColumn.Of(summary, benchmarkCase);
        double? single = oneThread is null ? null : CallsPerSecondColumn.Of(summary, oneThread);
        return SummaryCases.Format(mine / single, "0.00");
    }

    public override bool IsAvailable(Summary summary) => SummaryCases.HasCasesOf<ThreadScalingBenchmarks>(summary);
}
