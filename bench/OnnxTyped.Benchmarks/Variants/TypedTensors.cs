using System;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>The benchmark's inputs as the typed front-end's tensors: native memory owned by each, filled once.</summary>
internal static class TypedTensors
{
    /// <summary>A new tensor of <paramref name="shape"/> holding <paramref name="values"/> (a <typeparamref name="T"/>[]).</summary>
    public static OnnxTensor<T> Copy<T>(Array values, long[] shape) where T : unmanaged
    {
        OnnxTensor<T> tensor = OnnxTensor<T>.Allocate(shape);
        ((T[])values).CopyTo(tensor.Span);
        return tensor;
    }

    /// <summary>A tensor's values as floats (the benchmark's outputs are float32).</summary>
    public static float[] Floats(OnnxTensor<float> tensor) => tensor.ToArray();
}
