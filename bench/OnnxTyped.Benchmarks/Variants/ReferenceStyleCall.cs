using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Benchmarks.Models;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>
/// How TorchSharp code calls ONNX Runtime without this project (the reference style): each torch input is
/// copied to a managed array, wrapped in a <c>DenseTensor</c>, run with the classic API, and each output is
/// copied back into a new torch tensor with <c>torch.tensor</c>.
/// </summary>
internal sealed class ReferenceStyleCall
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly torch.Tensor[] _inputs;

    public ReferenceStyleCall(BenchmarkModel model)
    {
        _session = model.Session;
        _inputNames = model.InputNames;
        _inputs = model.Inputs;
    }

    /// <summary>One call; the caller owns the returned tensors.</summary>
    public torch.Tensor[] Call()
    {
        var inputs = new List<NamedOnnxValue>(_inputs.Length);
        for (int i = 0; i < _inputs.Length; i++)
        {
            torch.Tensor tensor = _inputs[i];
            int[] dims = tensor.shape.Select(d => (int)d).ToArray();
            inputs.Add(tensor.dtype == torch.ScalarType.Int64
                ? NamedOnnxValue.CreateFromTensor(_inputNames[i], new DenseTensor<long>(tensor.data<long>().ToArray(), dims))
                : NamedOnnxValue.CreateFromTensor(_inputNames[i], new DenseTensor<float>(tensor.data<float>().ToArray(), dims)));
        }
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = _session.Run(inputs);
        var outputs = new torch.Tensor[results.Count];
        int next = 0;
        foreach (DisposableNamedOnnxValue result in results)
        {
            Tensor<float> values = result.AsTensor<float>();
            outputs[next++] = torch.tensor(values.ToArray(), values.Dimensions.ToArray().Select(d => (long)d).ToArray());
        }
        return outputs;
    }
}
