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
        using InferenceSession session = BenchmarkSessionOptions.Open(ThroughputRun.PathOf(model));
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
        using var binding = session.CreateIoBinding();
        for (int i = 0; i < inputs.Length; i++) binding.BindInput(inputs[i].Name, values[i]);
        using var cpu = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
        foreach (string output in session.OutputNames) binding.BindOutputToDevice(output, cpu);
        using var runOptions = new RunOptions();
        for (int warm = 0; warm < 20; warm++) session.RunWithBinding(runOptions, binding);
        // Outputs bound to the device are reallocated per run by ONNX Runtime: the same for every batch size.
        long runs = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            session.RunWithBinding(runOptions, binding);
            runs++;
        }
        double perRowUs = watch.Elapsed.TotalMilliseconds * 1000 / (runs * batch);
        Console.WriteLine($"| {model} | {batch} | {perRowUs:F3} µs per row | {runs} runs |");
        foreach (OrtValue value in values) value.Dispose();
    }
}
