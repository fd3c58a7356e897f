using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OnnxTyped.Benchmarks.Columns;

/// <summary>
/// The case's median over its baseline's median (same parameters): robust to the slow outliers of a
/// shared VM and to Silero's bimodal timings, where BenchmarkDotNet's Ratio averages them in.
/// </summary>
public sealed class MedianRatioColumn : SummaryColumn
{
    public MedianRatioColumn()
        : base("Median ratio", "Median / the baseline's median, in the same parameter group", isNumeric: true)
    {
    }

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkCase? baseline = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Baseline && c.Descriptor.Type == benchmarkCase.Descriptor.Type && c.Job == benchmarkCase.Job
            && c.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo);
        return SummaryCases.Format(SummaryCases.MedianRatio(summary, benchmarkCase, baseline), "0.000");
    }

    public override bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.Baseline);
}
