using System;
using System.IO;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>The repository's real models as this project copies them (models/ beside the assembly), and sessions over them.</summary>
internal static class Models
{
    public static string SileroVad => Path.Combine(AppContext.BaseDirectory, "models", "silero_vad_16k_op15.onnx");

    public static string PpOcrDet => Path.Combine(AppContext.BaseDirectory, "models", "ch_PP-OCRv4_det_infer.onnx");

    /// <summary>A CPU session on one intra-op and one inter-op thread: tests run in parallel on few cores.</summary>
    public static InferenceSession Open(string path)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(path, options);
    }

    /// <inheritdoc cref="Open(string)"/>
    public static InferenceSession Open(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(model, options);
    }
}
