using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace OnnxTyped.Benchmarks;

/// <summary>
/// Runs the benchmarks in-process: BenchmarkDotNet's default toolchain builds a separate project
/// that copies the unpatched libLibTorchSharp.so, which does not load on Debian 12.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        IConfig config = DefaultConfig.Instance
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(300)));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
