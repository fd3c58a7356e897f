using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped.Benchmarks.Models;

/// <summary>
/// The session settings of every benchmark, as in PERF-ANCHORS.md: one intra-op and one inter-op thread,
/// sequential execution, all graph optimisations. One thread keeps ONNX Runtime's thread-pool wake-ups
/// out of a comparison that is about per-call overhead.
/// </summary>
internal static class BenchmarkSessionOptions
{
    public const int IntraOpThreads = 1;
    public const int InterOpThreads = 1;

    public static SessionOptions Create() => new()
    {
        IntraOpNumThreads = IntraOpThreads,
        InterOpNumThreads = InterOpThreads,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    /// <summary>Opens <paramref name="modelPath"/> with these settings.</summary>
    public static InferenceSession Open(string modelPath)
    {
        using SessionOptions options = Create();
        return new InferenceSession(modelPath, options);
    }
}
