using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>
/// The classic ONNX Runtime API: per call a <c>DenseTensor</c> over each managed input array, wrapped in a
/// <c>NamedOnnxValue</c>, then <c>session.Run</c>, whose results are disposed. It also gives the reference
/// outputs every other variant is checked against.
/// </summary>
internal sealed class NamedOnnxValueCall : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly Array[] _inputArrays;
    private readonly int[][] _inputDims;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();

    public NamedOnnxValueCall(InferenceSession session, string[] inputNames, Array[] inputArrays, long[][] inputShapes, string[] outputNames)
    {
        _session = session;
        _inputNames = inputNames;
        _inputArrays = inputArrays;
        _inputDims = inputShapes.Select(shape => shape.Select(d => (int)d).ToArray()).ToArray();
        _outputNames = outputNames;
    }

    public void Call()
    {
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = _session.Run(Inputs(), _outputNames, _runOptions);
    }

    /// <summary>One call, returning each output's elements and shape.</summary>
    public float[][] CallOnce(out long[][] shapes)
    {
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = _session.Run(Inputs(), _outputNames, _runOptions);
        shapes = results.Select(r => r.AsTensor<float>().Dimensions.ToArray().Select(d => (long)d).ToArray()).ToArray();
        return results.Select(r => r.AsTensor<float>().ToArray()).ToArray();
    }

    private List<NamedOnnxValue> Inputs()
    {
        var inputs = new List<NamedOnnxValue>(_inputNames.Length);
        for (int i = 0; i < _inputNames.Length; i++)
            inputs.Add(_inputArrays[i] switch
            {
                float[] floats => NamedOnnxValue.CreateFromTensor(_inputNames[i], new DenseTensor<float>(floats, _inputDims[i])),
                long[] longs => NamedOnnxValue.CreateFromTensor(_inputNames[i], new DenseTensor<long>(longs, _inputDims[i])),
                _ => throw new NotSupportedException(_inputArrays[i].GetType().Name),
            });
        return inputs;
    }

    public void Dispose() => _runOptions.Dispose();
}
