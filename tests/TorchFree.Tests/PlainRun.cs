using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// The baseline: ONNX Runtime's plain <c>Run</c> on OrtValues over managed copies of the inputs, and a bit-for-bit
/// comparison with what the typed front-end returned.
/// </summary>
internal static class PlainRun
{
    /// <summary>Each output of a plain run on the same values as <paramref name="inputs"/> (in model order).</summary>
    public static List<PlainTensor> Outputs(InferenceSession session, IReadOnlyList<OnnxTensor> inputs)
    {
        var plain = new Dictionary<string, PlainTensor>();
        for (int i = 0; i < inputs.Count; i++)
            plain[session.InputNames[i]] = new PlainTensor(inputs[i].Shape.ToArray(), inputs[i].ElementType, BytesOf(inputs[i]));
        return PlainOnnxRun.Outputs(session, plain);
    }

    /// <summary>Asserts <paramref name="actual"/> equals a plain run on <paramref name="inputs"/>, output by output, bit for bit.</summary>
    public static void AssertSame(InferenceSession session, IReadOnlyList<OnnxTensor> inputs, IReadOnlyList<OnnxTensor> actual)
    {
        var expected = Outputs(session, inputs);
        Assert.Equal(expected.Count, actual.Count);
        for (int o = 0; o < expected.Count; o++)
        {
            string name = session.OutputNames[o];
            Assert.True(expected[o].Shape.AsSpan().SequenceEqual(actual[o].Shape),
                $"output '{name}': shape [{string.Join(", ", actual[o].Shape.ToArray())}], plain Run gave [{string.Join(", ", expected[o].Shape)}]");
            Assert.Equal(expected[o].Type, actual[o].ElementType);
            byte[] bytes = BytesOf(actual[o]);
            Assert.Equal(expected[o].Bytes.Length, bytes.Length);
            int differs = bytes.AsSpan().CommonPrefixLength(expected[o].Bytes);
            Assert.True(differs == bytes.Length, $"output '{name}' differs from plain Run at byte {differs}");
        }
    }

    /// <summary>A tensor's values as bytes, read through its typed span (so the test sees what a user sees).</summary>
    public static byte[] BytesOf(OnnxTensor tensor) => tensor switch
    {
        OnnxTensor<float> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<long> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<int> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<double> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<byte> t => t.Span.ToArray(),
        OnnxTensor<sbyte> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<short> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<ushort> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<uint> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<ulong> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<bool> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<Half> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        OnnxTensor<BFloat16> t => MemoryMarshal.AsBytes(t.Span).ToArray(),
        _ => throw new NotSupportedException(tensor.ToString()),
    };
}
