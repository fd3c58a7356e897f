using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace OnnxTyped.Benchmarks.Pieces;

/// <summary>
/// Times benchmarks of <see cref="CallPieceBenchmarks"/> (<c>--interleave SECONDS METHOD...</c>) or rows of
/// <see cref="RunBenchmarks"/> on one model (<c>--interleave-model MODEL SECONDS METHOD...</c>) interleaved: blocks of
/// calls of each method in turn, round after round, and the median block of each. On a VM shared with other builds the
/// load changes within seconds; BenchmarkDotNet runs one case after another, so a slow minute lands on one case only,
/// while here every method sees the same minutes. Ratios are to the first method named.
/// </summary>
internal static class InterleavedPieces
{
    // About 5 ms per block on the tiny MLP; a model call of 0.1 s (PP-OCR) makes a block of one call.
    private const double BlockNanoseconds = 5e6;

    public static void Run(double seconds, IReadOnlyList<string> methods)
    {
        var pieces = new CallPieceBenchmarks();
        pieces.Setup();
        Run(seconds, methods, pieces);
        pieces.Cleanup();
    }

    public static void RunModel(string model, double seconds, IReadOnlyList<string> methods)
    {
        var rows = new RunBenchmarks { Model = model };
        rows.Setup();
        Run(seconds, methods, rows);
        rows.Cleanup();
    }

    private static void Run(double seconds, IReadOnlyList<string> methods, object benchmarks)
    {
        Action[] calls = methods.Select(m => Call(benchmarks, m)).ToArray();
        var blocks = methods.Select(_ => new List<double>()).ToArray();
        var warmUp = Stopwatch.StartNew();
        foreach (Action call in calls)
            for (int i = 0; i < 10; i++) call();
        int callsPerBlock = (int)Math.Clamp(BlockNanoseconds / (warmUp.Elapsed.TotalMilliseconds * 1e6 / (10 * calls.Length)), 1, 10_000);
        var total = Stopwatch.StartNew();
        var block = new Stopwatch();
        for (int round = 0; total.Elapsed.TotalSeconds < seconds; round++)
        {
            for (int k = 0; k < calls.Length; k++)
            {
                int m = (k + round) % calls.Length; // each method starts a round in turn
                Action call = calls[m];
                block.Restart();
                for (int i = 0; i < callsPerBlock; i++) call();
                block.Stop();
                blocks[m].Add(block.Elapsed.TotalMilliseconds * 1e6 / callsPerBlock);
            }
        }
        double first = Median(blocks[0]);
        Console.WriteLine($"| piece | median ns/call | vs {methods[0]} | blocks |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        for (int m = 0; m < methods.Count; m++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {methods[m]} | {Median(blocks[m]):0.0} | {Median(blocks[m]) / first:0.000} | {blocks[m].Count} |"));
    }

    private static Action Call(object benchmarks, string method)
    {
        MethodInfo info = benchmarks.GetType().GetMethod(method)
            ?? throw new ArgumentException($"{benchmarks.GetType().Name} has no method '{method}'.", nameof(method));
        if (info.ReturnType == typeof(void)) return info.CreateDelegate<Action>(benchmarks);
        return () => info.Invoke(benchmarks, null); // reads of a value; their time includes reflection, use BenchmarkDotNet for those
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
