using System;
using Microsoft.ML.Data;

namespace OnnxTyped.Benchmarks.MlNet;

/// <summary>Silero VAD's outputs as an ML.NET row: the speech probability and the next state.</summary>
public sealed class SileroVadMlNetOutput
{
    [ColumnName("output"), VectorType(1, 1)]
    public float[] Output { get; set; } = Array.Empty<float>();

    [ColumnName("stateN"), VectorType(2, 1, 128)]
    public float[] StateN { get; set; } = Array.Empty<float>();
}
