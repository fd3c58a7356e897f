using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Benchmarks.Models;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>
/// The floor over torch's memory: <c>OrtValue</c>s over the benchmark's torch input tensors and over output tensors from
/// <c>torch.empty</c>, bound once; a call is only <c>RunWithBinding</c>. Against <see cref="FloorCall"/> (pinned managed
/// arrays) it tells what the memory a model reads and writes costs ONNX Runtime, apart from any per-call work.
/// </summary>
internal sealed class TorchMemoryFloorCall : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private readonly List<OrtValue> _values = new();
    private readonly torch.Tensor[] _outputs;

    public TorchMemoryFloorCall(BenchmarkModel model)
    {
        _session = model.Session;
        _binding = _session.CreateIoBinding();
        for (int i = 0; i < model.InputNames.Length; i++)
            _binding.BindInput(model.InputNames[i], Over(model.Inputs[i], model.InputElementType(i)));
        _outputs = new torch.Tensor[model.OutputNames.Length];
        for (int o = 0; o < _outputs.Length; o++)
        {
            _outputs[o] = torch.empty(model.OutputShapes[o]);
            _binding.BindOutput(model.OutputNames[o], Over(_outputs[o], TensorElementType.Float));
        }
    }

    public void Call() => _session.RunWithBinding(_runOptions, _binding);

    /// <summary>One call, returning the outputs' elements.</summary>
    public float[][] CallOnce()
    {
        Call();
        return Array.ConvertAll(_outputs, ManagedArrays.FloatsOf);
    }

    private OrtValue Over(torch.Tensor tensor, TensorElementType elementType)
    {
        OrtValue value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, elementType, tensor.shape,
            TensorMemory.DataPointer(tensor), tensor.NumberOfElements * tensor.ElementSize);
        _values.Add(value);
        return value;
    }

    public void Dispose()
    {
        _binding.Dispose();
        foreach (OrtValue value in _values) value.Dispose();
        foreach (torch.Tensor output in _outputs) output.Dispose();
        _runOptions.Dispose();
    }
}
