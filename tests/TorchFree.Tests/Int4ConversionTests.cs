using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// int4/uint4 against ONNX Runtime: how it reads packed bytes (every byte, the first element in the low nibble, an odd
/// count), and the rounding of floats, which ONNX's <c>QuantizeLinear</c> with scale 1 and zero point 0 specifies as
/// ours (ties to even, saturating). ONNX Runtime 1.32's <c>Cast</c> to int4 departs from that, as the last test shows.
/// </summary>
public sealed class Int4ConversionTests
{
    private const int UInt4 = 21, Int4 = 22;

    [Theory]
    [InlineData(Int4)]
    [InlineData(UInt4)]
    public void EveryByte_UnpacksAsOnnxRuntimeReadsIt(int type)
    {
        byte[] every = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        float[] expected = LowPrecisionModels.CastToFloat(type, every, 512);
        float[] ours = Unpack(type, every, 512);
        Assert.Equal(expected, ours);
        for (int b = 0; b < 256; b++)
        {
            (float low, float high) = Halves(type, (byte)b);
            Assert.Equal(expected[2 * b], low);
            Assert.Equal(expected[2 * b + 1], high);
        }
    }

    [Theory]
    [InlineData(Int4, 1)]
    [InlineData(Int4, 33)]
    [InlineData(UInt4, 7)]
    [InlineData(UInt4, 32)]
    public void PackedValues_AreReadByOnnxRuntime_FirstInTheLowNibble(int type, int count)
    {
        int min = type == Int4 ? -8 : 0;
        int[] values = Enumerable.Range(0, count).Select(i => min + (i * 7 + 3) % 16).ToArray();
        byte[] packed = Pack(type, values);
        Assert.Equal((count + 1) / 2, packed.Length);
        if (count % 2 == 1) Assert.Equal(0, packed[^1] >> 4); // the last high nibble is no element: zero
        float[] expected = LowPrecisionModels.CastToFloat(type, packed, count);
        Assert.Equal(values.Select(v => (float)v).ToArray(), expected);
    }

    [Theory]
    [InlineData(Int4)]
    [InlineData(UInt4)]
    public void Floats_Round_AsOnnxRuntimesQuantizeLinearDoes(int type)
    {
        var probes = new List<float> { 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 1e9f, -1e9f };
        for (int quarter = -100; quarter <= 100; quarter++)
        {
            float v = quarter / 4f; // every half (a tie) and quarter from -25 to 25
            probes.AddRange(new[] { v, MathF.BitIncrement(v), MathF.BitDecrement(v) });
        }
        var random = new Random(type);
        for (int i = 0; i < 500; i++) probes.Add((random.NextSingle() - 0.5f) * 40);
        float[] values = probes.ToArray();
        float[] expected = LowPrecisionModels.QuantizeThrough(type, values);
        for (int i = 0; i < values.Length; i++)
            Assert.True(expected[i] == Round(type, values[i]), $"{Name(type)} from {values[i]:R}: QuantizeLinear gives {expected[i]}, ours {Round(type, values[i])}");
        Assert.Equal(values.Select(v => Round(type, v)).ToArray(), PairwiseFromSingles(type, values));
    }

    [Theory]
    [InlineData(Int4)]
    [InlineData(UInt4)]
    public void NaN_RoundsToZero(int type)
    {
        // ONNX leaves NaN to int4 undefined (ONNX Runtime's QuantizeLinear gives the type's smallest value here, by
        // way of its float-to-int conversion); ours gives 0, as .NET's saturating float-to-integer conversions do.
        Assert.Equal(0f, Round(type, float.NaN));
    }

    [Fact]
    public void OnnxRuntimesCast_ToInt4_RoundsTiesAwayAndWraps_UnlikeTheSpec()
    {
        // ONNX's reference Cast to int4 clips and rounds ties to even, as QuantizeLinear does; ONNX Runtime 1.32's Cast
        // rounds ties away from zero and keeps the low 4 bits. Ours follows the spec. Should this test fail, ONNX Runtime's
        // Cast has changed: compare the conversions with it too (and say so in docs/element-types.md).
        float[] values = { 0.5f, 2.5f, -8.6f, 1000f };
        Assert.Equal(new[] { 1f, 3f, 7f, -8f }, LowPrecisionModels.CastThrough(Int4, values));
        Assert.Equal(new[] { 0f, 2f, -8f, 7f }, values.Select(v => Round(Int4, v)).ToArray());
    }

    private static float Round(int type, float value) => type == Int4 ? Int4x2.RoundToInt4(value) : UInt4x2.RoundToUInt4(value);

    // FromSingles over consecutive pairs, unpacked again: the rounding of both nibbles.
    private static float[] PairwiseFromSingles(int type, float[] values)
    {
        var bytes = new byte[(values.Length + 1) / 2];
        for (int p = 0; p < bytes.Length; p++)
        {
            float second = 2 * p + 1 < values.Length ? values[2 * p + 1] : 0;
            bytes[p] = type == Int4 ? Int4x2.FromSingles(values[2 * p], second).Bits : UInt4x2.FromSingles(values[2 * p], second).Bits;
        }
        return Unpack(type, bytes, values.Length);
    }

    private static float[] Unpack(int type, byte[] packed, int count)
    {
        if (type == Int4)
        {
            var values = new sbyte[count];
            Int4x2.Unpack(packed.Select(Int4x2.FromBits).ToArray(), values);
            return values.Select(v => (float)v).ToArray();
        }
        var unsigned = new byte[count];
        UInt4x2.Unpack(packed.Select(UInt4x2.FromBits).ToArray(), unsigned);
        return unsigned.Select(v => (float)v).ToArray();
    }

    private static byte[] Pack(int type, int[] values)
    {
        var pairs = new byte[(values.Length + 1) / 2];
        if (type == Int4)
        {
            var packed = new Int4x2[pairs.Length];
            Assert.Equal(pairs.Length, Int4x2.Pack(values.Select(v => (sbyte)v).ToArray(), packed));
            return packed.Select(p => p.Bits).ToArray();
        }
        var unsignedPacked = new UInt4x2[pairs.Length];
        Assert.Equal(pairs.Length, UInt4x2.Pack(values.Select(v => (byte)v).ToArray(), unsignedPacked));
        return unsignedPacked.Select(p => p.Bits).ToArray();
    }

    private static (float Low, float High) Halves(int type, byte bits)
    {
        if (type == Int4)
        {
            Int4x2 pair = Int4x2.FromBits(bits);
            Assert.Equal(pair.Low, pair[0]);
            Assert.Equal(pair.High, pair[1]);
            return (pair.Low, pair.High);
        }
        UInt4x2 unsigned = UInt4x2.FromBits(bits);
        Assert.Equal(unsigned.Low, unsigned[0]);
        Assert.Equal(unsigned.High, unsigned[1]);
        return (unsigned.Low, unsigned.High);
    }

    private static string Name(int type) => type == Int4 ? "int4" : "uint4";
}
