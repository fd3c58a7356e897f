using System;
using Microsoft.ML.Data;

namespace OnnxTyped.Benchmarks.MlNet;

/// <summary>The tiny MLP's input as an ML.NET row.</summary>
public sealed class TinyMlpMlNetInput
{
    [ColumnName("x"), VectorType(1, 64)]
    public float[] X { get; set; } = Array.Empty<float>();
}
