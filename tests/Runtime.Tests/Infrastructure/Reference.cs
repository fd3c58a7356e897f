using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// The baseline: ONNX Runtime's plain <c>Run</c> on OrtValues made from managed copies of the same
/// data, and element-by-element comparison with what the IO-binding path returned.
/// </summary>
internal static class Reference
{
    /// <summary>Runs <paramref name="session"/> the plain way; inputs are torch tensors already in the model's dtype.</summary>
    public static List<(long[] Shape, TensorElementType Type, byte[] Bytes)> PlainRun(InferenceSession session, IReadOnlyDictionary<string, torch.Tensor> inputs)
    {
        var plain = new Dictionary<string, PlainTensor>();
        foreach ((string name, torch.Tensor tensor) in inputs)
        {
            TensorElementType type = session.InputMetadata[name].ElementDataType;
            using torch.Tensor typed = tensor.to_type(TorchDtypeOf(type)).contiguous().cpu();
            plain[name] = new PlainTensor(typed.shape, type, typed.bytes.ToArray());
        }
        return PlainOnnxRun.Outputs(session, plain).Select(o => (o.Shape, o.Type, o.Bytes)).ToList();
    }

    /// <summary>Asserts the IO-binding outputs equal the plain run's, bit for bit (same kernels, same data).</summary>
    public static void AssertSameOutputs(InferenceSession session, IReadOnlyDictionary<string, torch.Tensor> inputs, IReadOnlyList<torch.Tensor> actual)
    {
        var expected = PlainRun(session, inputs);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            string name = session.OutputNames[i];
            Assert.True(expected[i].Shape.SequenceEqual(actual[i].shape),
                $"output '{name}': shape {Fmt(actual[i].shape)}, plain Run gave {Fmt(expected[i].Shape)}");
            Assert.Equal(TorchDtypeOf(expected[i].Type), actual[i].dtype);
            using torch.Tensor contiguous = actual[i].contiguous();
            byte[] actualBytes = contiguous.bytes.ToArray();
            Assert.Equal(expected[i].Bytes.Length, actualBytes.Length);
            for (int b = 0; b < actualBytes.Length; b++)
                if (actualBytes[b] != expected[i].Bytes[b])
                    Assert.Fail($"output '{name}' differs from plain Run at byte {b} (element {b / Math.Max(1, (int)actual[i].element_size())})");
        }
    }

    /// <summary>
    /// The torch dtype that holds an ONNX element type, written out here rather than taken from the runtime's
    /// <see cref="ElementTypes"/>, so that a wrong mapping there cannot make the reference agree with it.
    /// uint16/32/64 travel in the signed dtype of the same width, bit for bit.
    /// </summary>
    public static torch.ScalarType TorchDtypeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float => torch.ScalarType.Float32,
        TensorElementType.Double => torch.ScalarType.Float64,
        TensorElementType.Float16 => torch.ScalarType.Float16,
        TensorElementType.BFloat16 => torch.ScalarType.BFloat16,
        TensorElementType.Int8 => torch.ScalarType.Int8,
        TensorElementType.Int16 or TensorElementType.UInt16 => torch.ScalarType.Int16,
        TensorElementType.Int32 or TensorElementType.UInt32 => torch.ScalarType.Int32,
        TensorElementType.Int64 or TensorElementType.UInt64 => torch.ScalarType.Int64,
        TensorElementType.UInt8 => torch.ScalarType.Byte,
        TensorElementType.Bool => torch.ScalarType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no torch dtype holds this element type"),
    };

    private static string Fmt(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
