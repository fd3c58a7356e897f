using System;
using Microsoft.ML.Data;

namespace OnnxTyped.Benchmarks.MlNet;

/// <summary>PP-OCRv4 detection's input as an ML.NET row: one 1×3×640×640 image.</summary>
public sealed class PpOcrDetectorMlNetInput
{
    [ColumnName("x"), VectorType(1, 3, 640, 640)]
    public float[] X { get; set; } = Array.Empty<float>();
}
