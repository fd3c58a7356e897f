using System;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Models;

/// <summary>Managed copies of the benchmark models' tensors: <c>float[]</c> for float32, <c>long[]</c> for int64 (Silero's sample rate).</summary>
internal static class ManagedArrays
{
    public static Array CopyOf(torch.Tensor tensor) => tensor.dtype switch
    {
        torch.ScalarType.Float32 => tensor.data<float>().ToArray(),
        torch.ScalarType.Int64 => tensor.data<long>().ToArray(),
        _ => throw new NotSupportedException($"The benchmarks use float32 and int64 tensors, not {tensor.dtype}."),
    };

    public static TensorElementType ElementType(Array array) => array switch
    {
        float[] => TensorElementType.Float,
        long[] => TensorElementType.Int64,
        _ => throw new NotSupportedException($"The benchmarks use float[] and long[] arrays, not {array.GetType().Name}."),
    };

    /// <summary>A tensor's elements as a new <c>float[]</c> (every output of the benchmark models is float32).</summary>
    public static float[] FloatsOf(torch.Tensor tensor) => tensor.data<float>().ToArray();
}
