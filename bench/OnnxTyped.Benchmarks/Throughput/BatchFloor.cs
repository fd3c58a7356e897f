using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Benchmarks.Models;

namespace OnnxTyped.Benchmarks.Throughput;

/// <summary>
/// ONNX Runtime's own time per row at a batch size (<c>--batch-floor MODEL BATCH SECONDS</c>): one IO binding with every
/// input and output pre-bound once, <c>RunWithBinding</c> in a loop on one thread, nothing of this project's runtime. It
/// is what micro-batching can at best reach per row; the throughput rows are read against it.
/// </summary>
internal static class BatchFloor
{
    internal static float FloorScale = float.Parse(Environment.GetEnvironmentVariable("FLOOR_SCALE") ?? "0.2", System.Globalization.CultureInfo.InvariantCulture);

    public static void Run(string model, int batch, double seconds)
    {
        // A negative batch alternates two bindings, of |batch| and |batch| - 1 rows: what varying batch sizes cost ONNX Runtime.
        if (batch < 0)
        {
            RunAlternating(model, -batch, seconds);
            return;
        }
        using InferenceSession session = BenchmarkSessionOptions.Open(ThroughputRun.PathOf(model));
        using Bound bound = Bind(session, model, batch);
        using var runOptions = new RunOptions();
        for (int warm = 0; warm < 20; warm++) session.RunWithBinding(runOptions, bound.Binding);
        long runs = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            session.RunWithBinding(runOptions, bound.Binding);
            runs++;
        }
        Console.WriteLine($"| {model} | {batch} | {watch.Elapsed.TotalMilliseconds * 1000 / (runs * batch):F3} µs per row | {runs} runs |");
    }

    private static void RunAlternating(string model, int batch, double seconds)
    {
        using InferenceSession session = BenchmarkSessionOptions.Open(ThroughputRun.PathOf(model));
        using Bound a = Bind(session, model, batch), b = Bind(session, model, batch - 1);
        using var runOptions = new RunOptions();
        long runs = 0, rows = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            session.RunWithBinding(runOptions, (runs % 2 == 0 ? a : b).Binding);
            rows += runs % 2 == 0 ? batch : batch - 1;
            runs++;
        }
        Console.WriteLine($"| {model} | {batch} and {batch - 1}, alternating | {watch.Elapsed.TotalMilliseconds * 1000 / rows:F3} µs per row | {runs} runs |");
    }

    private sealed class Bound : IDisposable
    {
        public required OrtIoBinding Binding { get; init; }
        public required OrtValue[] Values { get; init; }

        public void Dispose()
        {
            Binding.Dispose();
            foreach (OrtValue value in Values) value.Dispose();
        }
    }

    // One IO binding with every input bound to random values of `batch` rows and every output left to ONNX Runtime.
    private static Bound Bind(InferenceSession session, string model, int batch)
    {
        (string Name, long[] Shape, TensorElementType Type)[] inputs = model switch
        {
            "mlp" => new[] { ("x", new long[] { batch, 64 }, TensorElementType.Float) },
            "silero" => new[] { ("input", new long[] { batch, 512 }, TensorElementType.Float), ("state", new long[] { 2, batch, 128 }, TensorElementType.Float), ("sr", Array.Empty<long>(), TensorElementType.Int64) },
            _ => new[] { ("x", new long[] { batch, 3, 48, 192 }, TensorElementType.Float) },
        };
        var random = new Random(1);
        OrtValue[] values = inputs.Select(i => i.Type == TensorElementType.Int64
            ? OrtValue.CreateTensorValueFromMemory(new long[] { 16000 }, i.Shape)
            : OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, (int)i.Shape.Aggregate(1L, (a, b) => a * b)).Select(_ => (float)(random.NextDouble() - 0.5) * FloorScale).ToArray(), i.Shape)).ToArray();
        OrtIoBinding binding = session.CreateIoBinding();
        for (int i = 0; i < inputs.Length; i++) binding.BindInput(inputs[i].Name, values[i]);
        // Outputs bound to the device are allocated by ONNX Runtime per run: the same for every batch size.
        using var cpu = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
        foreach (string output in session.OutputNames) binding.BindOutputToDevice(output, cpu);
        return new Bound { Binding = binding, Values = values };
    }
}
