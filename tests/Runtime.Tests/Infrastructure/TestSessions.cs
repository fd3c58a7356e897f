using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped.Runtime.Tests;

/// <summary>Sessions over models built in code (OnnxTyped.TestModels), as the tests open them.</summary>
internal static class TestSessions
{
    /// <summary>A CPU session on one intra-op and one inter-op thread: tests run in parallel on few cores.</summary>
    public static InferenceSession Open(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(model, options);
    }
}
