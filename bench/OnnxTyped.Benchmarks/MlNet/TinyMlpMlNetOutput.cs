using System;
using Microsoft.ML.Data;

namespace OnnxTyped.Benchmarks.MlNet;

/// <summary>The tiny MLP's output as an ML.NET row.</summary>
public sealed class TinyMlpMlNetOutput
{
    [ColumnName("y"), VectorType(1, 10)]
    public float[] Y { get; set; } = Array.Empty<float>();
}
