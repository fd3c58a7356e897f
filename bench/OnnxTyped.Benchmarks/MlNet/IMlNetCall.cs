using System;

namespace OnnxTyped.Benchmarks.MlNet;

/// <summary>One model behind ML.NET's <c>ApplyOnnxModel</c> and a <c>PredictionEngine</c>, on the benchmark's inputs.</summary>
internal interface IMlNetCall : IDisposable
{
    /// <summary>One <c>Predict</c>, as ML.NET users write it (a new output object per call).</summary>
    void Call();

    /// <summary>One <c>Predict</c>, returning the outputs' elements in model order.</summary>
    float[][] CallOnce();
}
