using System;
using Microsoft.ML.Data;

namespace OnnxTyped.Benchmarks.MlNet;

/// <summary>PP-OCRv4 detection's output as an ML.NET row: the 1×1×640×640 text probability map.</summary>
public sealed class PpOcrDetectorMlNetOutput
{
    [ColumnName("sigmoid_0.tmp_0"), VectorType(1, 1, 640, 640)]
    public float[] Map { get; set; } = Array.Empty<float>();
}
