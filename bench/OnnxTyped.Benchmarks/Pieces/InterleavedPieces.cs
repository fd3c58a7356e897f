using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace OnnxTyped.Benchmarks.Pieces;

/// <summary>
/// Times benchmarks of <see cref="CallPieceBenchmarks"/> interleaved (<c>--interleave SECONDS METHOD...</c>): blocks of
/// calls of each method in turn, round after round, and the median block of each. On a VM shared with other builds the
/// load changes within seconds; BenchmarkDotNet runs one case after another, so a slow minute lands on one case only,
/// while here every method sees the same minutes. Ratios are to the first method named.
/// </summary>
internal static class InterleavedPieces
{
    private const int CallsPerBlock = 2000;

    public static void Run(double seconds, IReadOnlyList<string> methods)
    {
        var pieces = new CallPieceBenchmarks();
        pieces.Setup();
        Action[] calls = methods.Select(m => Call(pieces, m)).ToArray();
        var blocks = methods.Select(_ => new List<double>()).ToArray();
        foreach (Action call in calls)
            for (int i = 0; i < CallsPerBlock; i++) call(); // warm-up
        var total = Stopwatch.StartNew();
        var block = new Stopwatch();
        for (int round = 0; total.Elapsed.TotalSeconds < seconds; round++)
        {
            for (int k = 0; k < calls.Length; k++)
            {
                int m = (k + round) % calls.Length; // each method starts a round in turn
                Action call = calls[m];
                block.Restart();
                for (int i = 0; i < CallsPerBlock; i++) call();
                block.Stop();
                blocks[m].Add(block.Elapsed.TotalMilliseconds * 1e6 / CallsPerBlock);
            }
        }
        pieces.Cleanup();
        double first = Median(blocks[0]);
        Console.WriteLine($"| piece | median ns/call | vs {methods[0]} | blocks |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        for (int m = 0; m < methods.Count; m++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {methods[m]} | {Median(blocks[m]):0.0} | {Median(blocks[m]) / first:0.000} | {blocks[m].Count} |"));
    }

    private static Action Call(CallPieceBenchmarks pieces, string method)
    {
        MethodInfo info = typeof(CallPieceBenchmarks).GetMethod(method)
            ?? throw new ArgumentException($"CallPieceBenchmarks has no method '{method}'.", nameof(method));
        if (info.ReturnType == typeof(void)) return info.CreateDelegate<Action>(pieces);
        return () => info.Invoke(pieces, null); // reads of a value; their time includes reflection, use BenchmarkDotNet for those
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
