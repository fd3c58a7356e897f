using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.Benchmarks.Models;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>
/// ONNX Runtime's floor: <c>OrtValue</c>s over pinned managed buffers, bound once to one IO binding; a call
/// is only <c>RunWithBinding</c>. Nothing a wrapper does per call can be cheaper than this.
/// </summary>
internal sealed class FloorCall : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private readonly List<OrtValue> _values = new();
    private readonly float[][] _outputs;

    public FloorCall(BenchmarkModel model)
    {
        _session = model.Session;
        _binding = _session.CreateIoBinding();
        for (int i = 0; i < model.InputNames.Length; i++)
            _binding.BindInput(model.InputNames[i], Pinned(model.InputArrays[i] switch
            {
                float[] floats => OrtValue.CreateTensorValueFromMemory(Copy(floats), model.InputShapes[i]),
                long[] longs => OrtValue.CreateTensorValueFromMemory(Copy(longs), model.InputShapes[i]),
                _ => throw new NotSupportedException(model.InputArrays[i].GetType().Name),
            }));
        _outputs = model.OutputShapes.Select(shape => GC.AllocateArray<float>(checked((int)shape.Aggregate(1L, (a, b) => a * b)), pinned: true)).ToArray();
        for (int i = 0; i < model.OutputNames.Length; i++)
            _binding.BindOutput(model.OutputNames[i], Pinned(OrtValue.CreateTensorValueFromMemory(_outputs[i], model.OutputShapes[i])));
    }

    public void Call() => _session.RunWithBinding(_runOptions, _binding);

    /// <summary>One call, returning a copy of each output buffer.</summary>
    public float[][] CallOnce()
    {
        Call();
        return _outputs.Select(o => o.ToArray()).ToArray();
    }

    // A pinned copy, so the OrtValue's memory never moves (CreateTensorValueFromMemory pins it too; this keeps it off the moving heaps).
    private static T[] Copy<T>(T[] source)
    {
        T[] pinned = GC.AllocateArray<T>(source.Length, pinned: true);
        source.CopyTo(pinned, 0);
        return pinned;
    }

    private OrtValue Pinned(OrtValue value)
    {
        _values.Add(value);
        return value;
    }

    public void Dispose()
    {
        _binding.Dispose();
        foreach (OrtValue value in _values) value.Dispose();
        _runOptions.Dispose();
    }
}
