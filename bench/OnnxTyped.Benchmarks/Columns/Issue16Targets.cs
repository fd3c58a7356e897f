namespace OnnxTyped.Benchmarks.Columns;

/// <summary>The targets of issue 16 ("Performance: the typed call at ONNX Runtime's floor"), as the summary checks them.</summary>
internal static class Issue16Targets
{
    /// <summary>Generated <c>RunTorch</c>, median over the floor's median, on the tiny MLP.</summary>
    public const double RunOnTinyMlp = 1.15;

    public const double RunOnSileroVad = 1.03;

    public const double RunOnPpOcrDetector = 1.01;

    /// <summary>Generated <c>RunInto</c> over the floor on the tiny MLP, with nothing allocated per call.</summary>
    public const double RunIntoOnTinyMlp = 1.05;

    /// <summary>How many times faster than the reference style the generated calls are on the tiny MLP, at least.</summary>
    public const double SpeedUpOverReferenceStyle = 3.0;

    /// <summary>Throughput of 2 threads on one instance over 1 thread, at least.</summary>
    public const double TwoThreadScaling = 1.8;

    /// <summary>The generator reading the 160 MB model's signature: at most this long and this much allocated.</summary>
    public const double ReaderMilliseconds = 20;

    public const long ReaderAllocatedBytes = 1024 * 1024;
}
