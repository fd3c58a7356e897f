using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace OnnxTyped.Benchmarks;

/// <summary>
/// Calls one row of <see cref="RunBenchmarks"/> in a plain loop for a fixed time, outside BenchmarkDotNet, so a
/// profiler sees nothing else (<c>--loop METHOD MODEL SECONDS</c>, for example <c>--loop GeneratedRunInto mlp 20</c>).
/// It runs the same setup, with its output checks, as the benchmark case, and prints the bytes allocated per call and
/// the types they went to (sampled by <see cref="AllocationSampler"/>).
/// </summary>
internal static class CallLoop
{
    public static void Run(string method, string model, double seconds)
    {
        var benchmarks = new RunBenchmarks { Model = model };
        MethodInfo call = typeof(RunBenchmarks).GetMethod(method) ?? throw new ArgumentException($"RunBenchmarks has no method '{method}'.", nameof(method));
        MethodInfo setup = typeof(RunBenchmarks).GetMethods()
            .Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is { } attribute && (attribute.Targets.Contains(method) || attribute.Targets.Length == 0))
            .OrderBy(m => m.GetCustomAttribute<GlobalSetupAttribute>()!.Targets.Length == 0)
            .First();
        setup.Invoke(benchmarks, null);
        var action = call.CreateDelegate<Action>(benchmarks);
        long calls = 0;
        using var sampler = new AllocationSampler();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 1000; i++) action();
            calls += 1000;
        }
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Console.WriteLine($"{method} on {model}: {calls} calls in {clock.Elapsed.TotalSeconds:0.0} s, {clock.Elapsed.TotalMilliseconds * 1000 / calls:0.000} µs " +
                          $"and {(double)allocated / calls:0} B per call");
        sampler.Dispose();
        foreach ((string type, double share) in sampler.Shares().Take(10))
            Console.WriteLine($"  {share,6:P1}  {type}");
        benchmarks.Cleanup();
    }
}
