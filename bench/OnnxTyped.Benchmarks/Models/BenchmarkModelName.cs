namespace OnnxTyped.Benchmarks.Models;

/// <summary>The models the run benchmarks call, by the name their <c>Model</c> parameter shows.</summary>
public static class BenchmarkModelName
{
    /// <summary>The tiny MLP: the model costs about as much as one call's binding, so overhead is everything.</summary>
    public const string TinyMlp = "mlp";

    /// <summary>Silero VAD, one 512-sample frame with its state: a real small recurrent model.</summary>
    public const string SileroVad = "silero";

    /// <summary>PP-OCRv4 text detection on one 1×3×640×640 image: a real large model.</summary>
    public const string PpOcrDetector = "ppocr";
}
