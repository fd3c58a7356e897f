using System;
using Microsoft.ML.Data;

namespace OnnxTyped.Benchmarks.MlNet;

/// <summary>Silero VAD's inputs as an ML.NET row: one 512-sample frame, the recurrent state and the sample rate.</summary>
public sealed class SileroVadMlNetInput
{
    [ColumnName("input"), VectorType(1, 512)]
    public float[] Input { get; set; } = Array.Empty<float>();

    [ColumnName("state"), VectorType(2, 1, 128)]
    public float[] State { get; set; } = Array.Empty<float>();

    [ColumnName("sr"), VectorType(1)]
    public long[] SampleRate { get; set; } = Array.Empty<long>();
}
