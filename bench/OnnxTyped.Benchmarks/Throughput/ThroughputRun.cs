using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.Benchmarks.Models;
using OnnxTyped.TestModels;

namespace OnnxTyped.Benchmarks.Throughput;

/// <summary>
/// Requests per second and latency with many concurrent callers on one model instance (<c>--throughput SECONDS</c>):
/// per-call (threads calling <c>Run</c> on an instance without micro-batching) against micro-batched (async loops awaiting
/// <c>RunAsync</c>, and threads calling the micro-batched <c>Run</c>), for the tiny MLP, Silero streams (each caller
/// carries its own state through <c>RunInto</c>/<c>RunIntoAsync</c>) and the PP-OCR direction classifier. Every row runs
/// in each of two rounds, rows interleaved, and the rounds are summed. Not BenchmarkDotNet: a row is minutes of concurrent
/// load, not one call; the sessions are those of the other benchmarks (one intra-op thread).
/// </summary>
internal static class ThroughputRun
{
    private static int? _concurrentBatches;

    private sealed record Row(string Model, string Mode, int Callers);

    private sealed class Tally
    {
        public long Requests;
        public double Seconds;
        public readonly List<double> LatenciesMs = new();
        public long Batches, Rows;
    }

    public static void Run(double secondsPerRow, string[] models)
    {
        // "batches=N" among the models sets MaxConcurrentBatches (the options' default otherwise).
        string? batchesArgument = models.FirstOrDefault(m => m.StartsWith("batches=", StringComparison.Ordinal));
        if (batchesArgument is not null) _concurrentBatches = int.Parse(batchesArgument["batches=".Length..], CultureInfo.InvariantCulture);
        // "only=async64" keeps the row of 64 tasks awaiting the micro-batched RunAsync (to run under a profiler).
        bool onlyAsync64 = models.Contains("only=async64");
        models = models.Where(m => m != batchesArgument && m != "only=async64").ToArray();
        var rows = new List<Row>();
        foreach (string model in models)
        {
            foreach (int callers in new[] { 1, 8, 64 }) rows.Add(new Row(model, "per-call Run, threads", callers));
            foreach (int callers in new[] { 1, 8, 64 }) rows.Add(new Row(model, "micro-batched RunAsync, tasks", callers));
            rows.Add(new Row(model, "micro-batched Run, threads", 64));
        }
        if (onlyAsync64) rows = rows.Where(r => r.Callers == 64 && r.Mode.Contains("RunAsync", StringComparison.Ordinal)).ToList();
        var tallies = rows.ToDictionary(r => r, _ => new Tally());
        for (int round = 0; round < 2; round++)
            foreach (Row row in rows)
            {
                Measure(row, secondsPerRow / 2, tallies[row]);
                Console.Error.WriteLine($"round {round + 1}: {row.Model} {row.Mode} x{row.Callers}: {tallies[row].Requests / tallies[row].Seconds:F0} req/s so far");
            }

        Console.WriteLine($"| model | mode | callers | requests/s | p50 ms | p99 ms | rows per run |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (Row row in rows)
        {
            Tally t = tallies[row];
            t.LatenciesMs.Sort();
            double P(double q) => t.LatenciesMs[Math.Min(t.LatenciesMs.Count - 1, (int)(q * t.LatenciesMs.Count))];
            string batch = t.Batches == 0 ? "1" : ((double)t.Rows / t.Batches).ToString("F1", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Model} | {row.Mode} | {row.Callers} | {t.Requests / t.Seconds:F0} | {P(0.5):F3} | {P(0.99):F3} | {batch} |"));
        }
    }

    private static void Measure(Row row, double seconds, Tally tally)
    {
        bool batched = row.Mode.StartsWith("micro", StringComparison.Ordinal);
        using InferenceSession session = BenchmarkSessionOptions.Open(PathOf(row.Model));
        var model = new ModelSession(session, ModelSignature.Of(session));
        if (batched)
            model.EnableMicroBatching(new MicroBatchOptions
            {
                MaxBatchSize = 64, MaxWait = TimeSpan.FromMilliseconds(2), MaxQueueLength = 4096,
                BatchDim = row.Model == "ppocr-cls" ? "0" : null,
                MaxConcurrentBatches = _concurrentBatches ?? new MicroBatchOptions().MaxConcurrentBatches,
            });
        var callers = Enumerable.Range(0, row.Callers).Select(c => new Caller(row.Model, c)).ToArray();
        foreach (Caller caller in callers) caller.Call(model, batched && row.Mode.Contains("RunAsync", StringComparison.Ordinal)).AsTask().Wait(); // warm-up
        MicroBatchStatistics before = model.MicroBatchStatistics ?? default;

        long stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var latencies = new List<double>[row.Callers];
        var watch = Stopwatch.StartNew();
        Task[] loops = Enumerable.Range(0, row.Callers).Select(c =>
        {
            latencies[c] = new List<double>(1 << 16);
            bool async = row.Mode.Contains("RunAsync", StringComparison.Ordinal);
            async Task Loop()
            {
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    long start = Stopwatch.GetTimestamp();
                    await callers[c].Call(model, async).ConfigureAwait(false);
                    latencies[c].Add((Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency); // one list per caller: no shared counter
                }
            }
            return async ? Task.Run(Loop) : Task.Factory.StartNew(() => Loop().Wait(), TaskCreationOptions.LongRunning);
        }).ToArray();
        Task.WaitAll(loops);
        watch.Stop();
        MicroBatchStatistics after = model.MicroBatchStatistics ?? default;
        model.Dispose();
        foreach (Caller caller in callers) caller.Dispose();

        tally.Requests += latencies.Sum(list => list.Count);
        tally.Seconds += watch.Elapsed.TotalSeconds;
        foreach (List<double> list in latencies) tally.LatenciesMs.AddRange(list);
        tally.Batches += after.Batches - before.Batches;
        tally.Rows += after.Rows - before.Rows;
    }

    internal static string PathOf(string model) => model switch
    {
        "mlp" => TinyMlpFile.Path,
        "silero" => RepoModels.SileroVad,
        "ppocr-cls" => System.IO.Path.Combine(RepoModels.Folder, "ch_ppocr_mobile_v2.0_cls_infer.onnx"),
        _ => throw new ArgumentException($"Unknown model '{model}': mlp, silero or ppocr-cls."),
    };

    // One caller's tensors: its input, and for Silero its own state carried from call to call.
    private sealed class Caller : IDisposable
    {
        private readonly string _model;
        private readonly OnnxTensor[] _inputs;
        private readonly OnnxTensor[]? _outputs;

        public Caller(string model, int seed)
        {
            _model = model;
            var random = new Random(seed);
            float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            switch (model)
            {
                case "mlp":
                    _inputs = new OnnxTensor[] { OnnxTensor<float>.FromArray(Values(64), 1, 64) };
                    break;
                case "silero":
                    _inputs = new OnnxTensor[] { OnnxTensor<float>.FromArray(Values(512), 1, 512), OnnxTensor<float>.Allocate(2, 1, 128), OnnxTensor<long>.FromArray(new long[] { 16000 }) };
                    _outputs = new OnnxTensor[] { OnnxTensor<float>.Allocate(1, 1), OnnxTensor<float>.Allocate(2, 1, 128) };
                    break;
                default:
                    _inputs = new OnnxTensor[] { OnnxTensor<float>.FromArray(Values(3 * 48 * 192), 1, 3, 48, 192) };
                    break;
            }
        }

        public async ValueTask Call(ModelSession model, bool async)
        {
            if (_outputs is not null)
            {
                if (async) await model.RunIntoAsync(_inputs, _outputs).ConfigureAwait(false);
                else model.RunInto(_inputs, _outputs);
                (_inputs[1], _outputs[1]) = (_outputs[1], _inputs[1]); // the stream's state, ping-ponged
                return;
            }
            OnnxTensor[] results = async ? await model.RunAsync(_inputs).ConfigureAwait(false) : model.Run(_inputs);
            foreach (OnnxTensor result in results) result.Dispose();
        }

        public void Dispose()
        {
            foreach (OnnxTensor tensor in _inputs) tensor.Dispose();
            if (_outputs is not null) foreach (OnnxTensor tensor in _outputs) tensor.Dispose();
        }
    }
}
