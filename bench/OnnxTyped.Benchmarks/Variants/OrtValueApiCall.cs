using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.Benchmarks.Models;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>
/// Hand-written ONNX Runtime with its newer API: per call an <c>OrtValue</c> over each managed input array,
/// <c>session.Run</c> with names, and the returned <c>OrtValue</c>s disposed.
/// </summary>
internal sealed class OrtValueApiCall : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly Array[] _inputArrays;
    private readonly long[][] _inputShapes;
    private readonly OrtValue[] _inputValues;
    private readonly RunOptions _runOptions = new();

    public OrtValueApiCall(BenchmarkModel model)
    {
        _session = model.Session;
        _inputNames = model.InputNames;
        _outputNames = model.OutputNames;
        _inputArrays = model.InputArrays;
        _inputShapes = model.InputShapes;
        _inputValues = new OrtValue[_inputNames.Length];
    }

    public void Call()
    {
        using IDisposableReadOnlyCollection<OrtValue> outputs = Run();
    }

    /// <summary>One call, returning each output's elements.</summary>
    public float[][] CallOnce()
    {
        using IDisposableReadOnlyCollection<OrtValue> outputs = Run();
        return outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }

    private IDisposableReadOnlyCollection<OrtValue> Run()
    {
        try
        {
            for (int i = 0; i < _inputValues.Length; i++)
                _inputValues[i] = _inputArrays[i] switch
                {
                    float[] floats => OrtValue.CreateTensorValueFromMemory(floats, _inputShapes[i]),
                    long[] longs => OrtValue.CreateTensorValueFromMemory(longs, _inputShapes[i]),
                    _ => throw new NotSupportedException(_inputArrays[i].GetType().Name),
                };
            return _session.Run(_runOptions, _inputNames, _inputValues, _outputNames);
        }
        finally
        {
            for (int i = 0; i < _inputValues.Length; i++)
            {
                _inputValues[i]?.Dispose();
                _inputValues[i] = null!;
            }
        }
    }

    public void Dispose() => _runOptions.Dispose();
}
