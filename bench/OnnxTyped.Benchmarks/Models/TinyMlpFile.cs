using System;
using System.IO;
using OnnxTyped.TestModels;

namespace OnnxTyped.Benchmarks.Models;

/// <summary>
/// The tiny MLP of PERF-ANCHORS.md (x[1,64] → MatMul 64×64 → Relu → MatMul 64×10) as the file the
/// <c>OnnxModel</c> item generates <c>TinyMlp</c> from. The file is committed because the generator reads
/// it at build time; its bytes must stay those of <see cref="ReadyModels.Mlp"/> with the benchmark's weights.
/// </summary>
internal static class TinyMlpFile
{
    /// <summary>Where the build copies the committed file (the OnnxModel item's path under the output folder).</summary>
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "models", "tiny_mlp_64_64_10.onnx");

    /// <summary>The model's bytes, built by the shared model builder.</summary>
    public static byte[] Build() => ReadyModels.Mlp(64, 64, 10, seed: 42);

    /// <summary>Throws when the committed file no longer equals what the model builder makes.</summary>
    public static void EnsureCurrent()
    {
        if (!File.ReadAllBytes(Path).AsSpan().SequenceEqual(Build()))
            throw new InvalidOperationException(
                $"'{Path}' differs from ReadyModels.Mlp(64, 64, 10, seed: 42): rewrite bench/OnnxTyped.Benchmarks/models/tiny_mlp_64_64_10.onnx " +
                "with `dotnet run -c Release --project bench/OnnxTyped.Benchmarks -- --write-tiny-mlp bench/OnnxTyped.Benchmarks/models/tiny_mlp_64_64_10.onnx` and rebuild.");
    }
}
