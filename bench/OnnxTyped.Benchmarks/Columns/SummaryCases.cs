using System;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OnnxTyped.Benchmarks.Columns;

/// <summary>Looks up cases and their results in a summary: medians, allocations, siblings in one parameter group.</summary>
internal static class SummaryCases
{
    public static bool HasCasesOf<TBenchmarks>(Summary summary) =>
        summary.BenchmarksCases.Any(c => c.Descriptor.Type == typeof(TBenchmarks));

    /// <summary>The median time of one operation in nanoseconds, or <see langword="null"/> when the case did not run.</summary>
    public static double? MedianNanoseconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Median;

    public static long? AllocatedBytesPerOperation(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase] is { } report && report.Success ? report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) : null;

    /// <summary>The case of method <paramref name="method"/> with the same parameters and job as <paramref name="benchmarkCase"/>.</summary>
    public static BenchmarkCase? Sibling(Summary summary, BenchmarkCase benchmarkCase, string method) =>
        summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type
            && c.Descriptor.WorkloadMethod.Name == method
            && c.Job == benchmarkCase.Job
            && c.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo);

    /// <summary>The case with the same method and job whose parameter <paramref name="name"/> is <paramref name="value"/>.</summary>
    public static BenchmarkCase? WithParameter(Summary summary, BenchmarkCase benchmarkCase, string name, object value) =>
        summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor == benchmarkCase.Descriptor && c.Job == benchmarkCase.Job && Equals(c.Parameters[name], value));

    /// <summary>The median of <paramref name="benchmarkCase"/> over the median of <paramref name="other"/>.</summary>
    public static double? MedianRatio(Summary summary, BenchmarkCase benchmarkCase, BenchmarkCase? other) =>
        other is not null && MedianNanoseconds(summary, benchmarkCase) is double mine && MedianNanoseconds(summary, other) is double theirs && theirs > 0
            ? mine / theirs
            : null;

    public static string Format(double? value, string format) =>
        value is double v ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "NA";

    public static int IntParameter(BenchmarkCase benchmarkCase, string name) => Convert.ToInt32(benchmarkCase.Parameters[name]);
}
