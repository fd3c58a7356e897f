using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OnnxTyped.Benchmarks.Columns;
using Perfolizer.Horology;

namespace OnnxTyped.Benchmarks;

/// <summary>
/// The suite's two modes. Both run in-process: BenchmarkDotNet's default toolchain builds a separate project
/// that copies the unpatched libLibTorchSharp.so, which does not load on Debian 12.
/// </summary>
internal static class SuiteConfig
{
    /// <summary>A check that everything runs, in under 5 minutes: one launch, few iterations.</summary>
    public static Job Short { get; } = Job.Default
        .WithId("Short")
        .WithLaunchCount(1)
        .WithWarmupCount(2)
        .WithIterationCount(6)
        .WithIterationTime(TimeInterval.FromMilliseconds(150));

    /// <summary>
    /// The measurement: three launches (each repeats the setup, so a launch that lands on a busy moment of the
    /// shared VM is one of three), more warm-ups and iterations.
    /// </summary>
    public static Job Full { get; } = Job.Default
        .WithId("Full")
        .WithLaunchCount(3)
        .WithWarmupCount(4)
        .WithIterationCount(12)
        .WithIterationTime(TimeInterval.FromMilliseconds(300));

    public static IConfig Create(bool shortMode) => DefaultConfig.Instance
        .AddJob((shortMode ? Short : Full).WithToolchain(InProcessEmitToolchain.Instance))
        .AddColumn(
            new MedianRatioColumn(),
            new TargetColumn(),
            new CallsPerSecondColumn(),
            new ThroughputVsOneThreadColumn(),
            NativeObjectsPerCallColumn.BindingsOpened,
            NativeObjectsPerCallColumn.ValuesMade);
}
