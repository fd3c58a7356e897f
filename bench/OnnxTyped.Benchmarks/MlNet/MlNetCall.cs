using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using OnnxTyped.Benchmarks.Models;

namespace OnnxTyped.Benchmarks.MlNet;

/// <summary>
/// ML.NET's typed way to run an ONNX model: <c>ApplyOnnxModel</c> fitted into a transformer, and a
/// <c>PredictionEngine</c> from <typeparamref name="TInput"/> (the input columns, with their vector shapes)
/// to <typeparamref name="TOutput"/>. ML.NET opens its own session, with the benchmark's thread counts.
/// </summary>
internal sealed class MlNetCall<TInput, TOutput> : IMlNetCall
    where TInput : class
    where TOutput : class, new()
{
    private readonly PredictionEngine<TInput, TOutput> _engine;
    private readonly TInput _input;
    private readonly Func<TOutput, float[][]> _outputs;

    /// <param name="modelPath">The model file.</param>
    /// <param name="inputColumns">The model's input names, which are <typeparamref name="TInput"/>'s column names.</param>
    /// <param name="outputColumns">The model's output names, which are <typeparamref name="TOutput"/>'s column names.</param>
    /// <param name="shapes">Fixed shapes for the model's symbolic dimensions, by input or output name.</param>
    /// <param name="input">The one input every call predicts from.</param>
    /// <param name="outputs">Reads a prediction's outputs in model order.</param>
    public MlNetCall(string modelPath, string[] inputColumns, string[] outputColumns, IDictionary<string, int[]> shapes,
        TInput input, Func<TOutput, float[][]> outputs)
    {
        var ml = new MLContext(seed: 0);
        var options = new OnnxOptions
        {
            ModelFile = modelPath,
            InputColumns = inputColumns,
            OutputColumns = outputColumns,
            ShapeDictionary = shapes,
            IntraOpNumThreads = BenchmarkSessionOptions.IntraOpThreads,
            InterOpNumThreads = BenchmarkSessionOptions.InterOpThreads,
        };
        ITransformer transformer = ml.Transforms.ApplyOnnxModel(options).Fit(ml.Data.LoadFromEnumerable(Array.Empty<TInput>()));
        _engine = ml.Model.CreatePredictionEngine<TInput, TOutput>(transformer);
        _input = input;
        _outputs = outputs;
    }

    public void Call() => _engine.Predict(_input);

    public float[][] CallOnce() => _outputs(_engine.Predict(_input));

    public void Dispose() => _engine.Dispose();
}
