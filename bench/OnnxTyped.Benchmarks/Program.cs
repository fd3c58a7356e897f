using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Running;
using OnnxTyped.Benchmarks.Models;

namespace OnnxTyped.Benchmarks;

/// <summary>
/// Runs the suite (every benchmark unless a <c>--filter</c> is given): <c>--short</c> for the quick check,
/// nothing for the full measurement; other arguments go to BenchmarkDotNet.
/// <c>--write-tiny-mlp PATH</c> writes the tiny MLP's file (committed in models/) and exits;
/// <c>--loop METHOD MODEL SECONDS</c> calls one run benchmark in a loop for a profiler (see <see cref="CallLoop"/>);
/// <c>--interleave SECONDS METHOD...</c> times pieces of a call against each other, interleaved, and
/// <c>--interleave-model MODEL SECONDS METHOD...</c> rows of the run benchmarks (see <see cref="Pieces.InterleavedPieces"/>);
/// <c>--throughput SECONDS MODEL...</c> concurrent callers per-call against micro-batched (see <see cref="Throughput.ThroughputRun"/>);
/// <c>--batch-floor MODEL BATCH SECONDS</c> ONNX Runtime's own time per row at a batch size (see <see cref="Throughput.BatchFloor"/>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "--write-tiny-mlp")
        {
            File.WriteAllBytes(args[1], TinyMlpFile.Build());
            return;
        }
        if (args.Length == 4 && args[0] == "--loop")
        {
            CallLoop.Run(args[1], args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        if (args.Length >= 4 && args[0] == "--interleave-model")
        {
            Pieces.InterleavedPieces.RunModel(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3..]);
            return;
        }
        if (args.Length == 4 && args[0] == "--batch-floor")
        {
            Throughput.BatchFloor.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        if (args.Length >= 3 && args[0] == "--throughput")
        {
            Throughput.ThroughputRun.Run(double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2..]);
            return;
        }
        if (args.Length >= 3 && args[0] == "--interleave")
        {
            Pieces.InterleavedPieces.Run(double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2..]);
            return;
        }
        bool shortMode = args.Contains("--short");
        string[] forwarded = args.Where(a => a != "--short").ToArray();
        if (!forwarded.Any(a => a is "--filter" or "-f")) forwarded = forwarded.Concat(new[] { "--filter", "*" }).ToArray();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(forwarded, SuiteConfig.Create(shortMode));
    }
}
