using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ConsumerApps;

/// <summary>
/// Silero VAD on one frame through ONNX Runtime's plain <c>InferenceSession.Run</c> (zero state, 16 kHz), the reference
/// every app compares its generated class with, element by element.
/// </summary>
internal static class PlainSilero
{
    /// <summary>The frame every app runs: 512 samples of a sine.</summary>
    public static float[] Frame() => Enumerable.Range(0, 512).Select(i => 0.3f * MathF.Sin(0.05f * i)).ToArray();

    /// <summary>Silero's outputs for <paramref name="samples"/>, by name: values and shape, copied out of ONNX Runtime.</summary>
    public static Dictionary<string, (float[] Values, long[] Shape)> Run(string modelPath, float[] samples)
    {
        using var session = new InferenceSession(modelPath);
        using var outputs = session.Run(new[]
        {
            NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(samples, new[] { 1, samples.Length })),
            NamedOnnxValue.CreateFromTensor("state", new DenseTensor<float>(new float[2 * 128], new[] { 2, 1, 128 })),
            NamedOnnxValue.CreateFromTensor("sr", new DenseTensor<long>(new[] { 16000L }, Array.Empty<int>())),
        });
        return outputs.ToDictionary(o => o.Name, o =>
        {
            Tensor<float> tensor = o.AsTensor<float>();
            return (tensor.ToArray(), tensor.Dimensions.ToArray().Select(d => (long)d).ToArray());
        });
    }

    /// <summary>Whether <paramref name="actual"/> equals <paramref name="expected"/> bit for bit, shape included; prints a line either way.</summary>
    public static bool Same(string what, (float[] Values, long[] Shape) expected, float[] actual, long[] actualShape)
    {
        bool shapes = expected.Shape.SequenceEqual(actualShape);
        int differing = expected.Values.Length == actual.Length ? Enumerable.Range(0, actual.Length).Count(i => expected.Values[i] != actual[i]) : -1;
        Console.WriteLine($"{what}: shape [{string.Join(", ", actualShape)}], {actual.Length} elements, " +
            (shapes && differing == 0 ? "all equal to plain ONNX Runtime" : $"shapes equal: {shapes}, differing elements: {differing}"));
        return shapes && differing == 0;
    }
}
