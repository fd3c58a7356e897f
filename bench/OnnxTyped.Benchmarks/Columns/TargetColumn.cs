using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OnnxTyped.Benchmarks.Counters;
using OnnxTyped.Benchmarks.Models;
using OnnxTyped.Benchmarks.Reader;
using OnnxTyped.Benchmarks.Threads;

namespace OnnxTyped.Benchmarks.Columns;

/// <summary>
/// Whether a row meets its target of issue 16 (see <see cref="Issue16Targets"/>), judged on medians within this
/// run: "ok", or "MISSED" with the measured value. Empty for rows without a target.
/// </summary>
public sealed class TargetColumn : SummaryColumn
{
    public TargetColumn()
        : base("Issue 16 target", "The row's targets of issue 16, judged on medians within this run", isNumeric: false)
    {
    }

    public override bool IsAvailable(Summary summary) =>
        SummaryCases.HasCasesOf<RunBenchmarks>(summary) || SummaryCases.HasCasesOf<ThreadScalingBenchmarks>(summary)
        || SummaryCases.HasCasesOf<GeneratorReadBenchmarks>(summary);

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        IEnumerable<string> verdicts = benchmarkCase.Descriptor.Type switch
        {
            var t when t == typeof(RunBenchmarks) => RunVerdicts(summary, benchmarkCase),
            var t when t == typeof(ThreadScalingBenchmarks) => ThreadVerdicts(summary, benchmarkCase),
            var t when t == typeof(GeneratorReadBenchmarks) => ReaderVerdicts(summary, benchmarkCase),
            _ => Enumerable.Empty<string>(),
        };
        return string.Join("; ", verdicts);
    }

    // The rows judged as a Run (new outputs) or a RunInto (the caller's outputs): a row added under one of these names (the
    // typed front-end's, for example) is judged like the generated class's.
    private static readonly string[] RunRows = { nameof(RunBenchmarks.GeneratedRun), nameof(RunBenchmarks.TypedRun) };
    private static readonly string[] RunIntoRows = { nameof(RunBenchmarks.GeneratedRunInto), nameof(RunBenchmarks.TypedRunInto) };

    private static IEnumerable<string> RunVerdicts(Summary summary, BenchmarkCase benchmarkCase)
    {
        string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        string model = (string)benchmarkCase.Parameters[nameof(RunBenchmarks.Model)];
        bool tinyMlp = model == BenchmarkModelName.TinyMlp;
        bool isRunInto = RunIntoRows.Contains(method);
        if (!isRunInto && !RunRows.Contains(method)) yield break;
        if (isRunInto && !tinyMlp) yield break;

        double limit = isRunInto ? Issue16Targets.RunIntoOnTinyMlp : model switch
        {
            BenchmarkModelName.TinyMlp => Issue16Targets.RunOnTinyMlp,
            BenchmarkModelName.SileroVad => Issue16Targets.RunOnSileroVad,
            _ => Issue16Targets.RunOnPpOcrDetector,
        };
        double? toFloor = SummaryCases.MedianRatio(summary, benchmarkCase, SummaryCases.Sibling(summary, benchmarkCase, nameof(RunBenchmarks.Floor)));
        yield return Verdict($"≤{limit:0.00}× floor", toFloor <= limit, SummaryCases.Format(toFloor, "0.000"));

        if (!isRunInto)
        {
            double? toOrtValues = SummaryCases.MedianRatio(summary, benchmarkCase, SummaryCases.Sibling(summary, benchmarkCase, nameof(RunBenchmarks.OrtValueApi)));
            yield return Verdict("≤ OrtValueApi", toOrtValues <= 1, SummaryCases.Format(toOrtValues, "0.000") + "×");
        }
        else
        {
            long? allocated = SummaryCases.AllocatedBytesPerOperation(summary, benchmarkCase);
            yield return Verdict("0 B", allocated == 0, allocated + " B");
        }

        if (tinyMlp)
        {
            double? speedUp = SummaryCases.MedianRatio(summary, SummaryCases.Sibling(summary, benchmarkCase, nameof(RunBenchmarks.ReferenceStyle))!, benchmarkCase);
            yield return Verdict($"≥{Issue16Targets.SpeedUpOverReferenceStyle:0}× ReferenceStyle", speedUp >= Issue16Targets.SpeedUpOverReferenceStyle,
                SummaryCases.Format(speedUp, "0.00") + "×");
        }
    }

    private static IEnumerable<string> ThreadVerdicts(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(ThreadScalingBenchmarks.GeneratedRun)) yield break;
        int threads = SummaryCases.IntParameter(benchmarkCase, nameof(ThreadScalingBenchmarks.Threads));
        if (threads == 2)
        {
            BenchmarkCase? oneThread = SummaryCases.WithParameter(summary, benchmarkCase, nameof(ThreadScalingBenchmarks.Threads), 1);
            double? scaling = oneThread is null ? null : CallsPerSecondColumn.Of(summary, benchmarkCase) / CallsPerSecondColumn.Of(summary, oneThread);
            yield return Verdict($"≥{Issue16Targets.TwoThreadScaling:0.0}× 1 thread", scaling >= Issue16Targets.TwoThreadScaling, SummaryCases.Format(scaling, "0.00") + "×");
        }
        if (threads == 8)
        {
            // At most one binding per thread in each launch: bindings are kept, not made per call.
            NativeObjectCounts? counts = NativeObjectTally.Of(ThreadScalingBenchmarks.CaseKey(nameof(ThreadScalingBenchmarks.GeneratedRun), threads));
            if (counts?.BindingsOpened is not long opened)
                yield return $"no binding per call: n/a (no NativeLedger.{NativeLedgerCounters.BindingsOpenedName})";
            else
                yield return Verdict("no binding per call", opened <= threads * LaunchCount(benchmarkCase),
                    $"{opened} opened in {counts.Calls} calls");
        }
    }

    private static IEnumerable<string> ReaderVerdicts(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(GeneratorReadBenchmarks.LargeModel)) yield break;
        double? milliseconds = SummaryCases.MedianNanoseconds(summary, benchmarkCase) / 1e6;
        yield return Verdict($"≤{Issue16Targets.ReaderMilliseconds:0} ms", milliseconds <= Issue16Targets.ReaderMilliseconds, SummaryCases.Format(milliseconds, "0.00") + " ms");
        long? allocated = SummaryCases.AllocatedBytesPerOperation(summary, benchmarkCase);
        yield return Verdict("≤1 MB", allocated <= Issue16Targets.ReaderAllocatedBytes, allocated + " B");
    }

    private static int LaunchCount(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Job.Run.HasValue(BenchmarkDotNet.Jobs.RunMode.LaunchCountCharacteristic) ? benchmarkCase.Job.Run.LaunchCount : 1;

    private static string Verdict(string target, bool met, string measured) => met ? $"{target} ok ({measured})" : $"{target} MISSED ({measured})";
}
