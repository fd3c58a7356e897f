using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OnnxTyped.Benchmarks.Threads;

namespace OnnxTyped.Benchmarks.Columns;

/// <summary>Model calls per second of a thread-scaling case: every thread's calls over the operation's median time.</summary>
public sealed class CallsPerSecondColumn : SummaryColumn
{
    public CallsPerSecondColumn()
        : base("Calls/s", "Model calls per second, all threads together (from the median operation)", isNumeric: true)
    {
    }

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        SummaryCases.Format(Of(summary, benchmarkCase), "N0");

    public override bool IsAvailable(Summary summary) => SummaryCases.HasCasesOf<ThreadScalingBenchmarks>(summary);

    internal static double? Of(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Descriptor.Type != typeof(ThreadScalingBenchmarks)) return null;
        long calls = (long)SummaryCases.IntParameter(benchmarkCase, nameof(ThreadScalingBenchmarks.Threads)) * ThreadScalingBenchmarks.CallsPerThread;
        return SummaryCases.MedianNanoseconds(summary, benchmarkCase) is double nanoseconds && nanoseconds > 0 ? calls * 1e9 / nanoseconds : null;
    }
}
