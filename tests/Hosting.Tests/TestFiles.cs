using System;
using System.IO;

namespace OnnxTyped.Hosting.Tests;

/// <summary>The repository's files the tests read: the real models, and the service's sample inputs.</summary>
internal static class TestFiles
{
    public static string Root { get; } = FindRoot();

    public static string ClassifierModel => Path.Combine(Root, "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    public static string VadModel => Path.Combine(Root, "models", "silero_vad_16k_op15.onnx");

    public static string UprightLine => Path.Combine(Root, "samples", "InferenceService", "data", "text-line.png");

    public static string UpsideDownLine => Path.Combine(Root, "samples", "InferenceService", "data", "text-line-upside-down.png");

    public static string Speech => Path.Combine(Root, "samples", "VoiceActivity", "data", "speech.wav");

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "OnnxTyped.sln"))) return dir;
        throw new InvalidOperationException("The repository root (OnnxTyped.sln) is not above " + AppContext.BaseDirectory);
    }
}
