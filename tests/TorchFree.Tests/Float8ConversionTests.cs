using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// The float8 types' conversions against ONNX Runtime's <c>Cast</c>, element by element: every one of the 256 bit patterns
/// to float32, and a broad set of floats (zeros, subnormals, every float8 value and every halfway point between two,
/// one step either side of each, the largest value and past it, infinities, NaNs, random values) to float8, with
/// <c>saturate</c> at its default, on and off. Without saturation ONNX Runtime 1.32 departs from ONNX's table at two
/// boundaries (<see cref="OnnxRuntimeDeviation"/>); there the conversions are checked against the table.
/// </summary>
public sealed class Float8ConversionTests
{
    public static TheoryData<int> Types => new() { 17, 18, 19, 20 };

    public static TheoryData<int, bool?> TypesAndSaturation()
    {
        var data = new TheoryData<int, bool?>();
        foreach (int type in new[] { 17, 18, 19, 20 })
            foreach (bool? saturate in new bool?[] { null, true, false }) data.Add(type, saturate);
        return data;
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void EveryBitPattern_ConvertsToFloat_AsOnnxRuntimesCastDoes(int type)
    {
        byte[] every = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        float[] expected = LowPrecisionModels.CastToFloat(type, every, 256);
        for (int b = 0; b < 256; b++)
            AssertSameFloat(expected[b], ToSingle(type, (byte)b), $"{Name(type)} 0x{b:X2}");
    }

    [Theory]
    [MemberData(nameof(TypesAndSaturation))]
    public void Floats_ConvertToFloat8_AsOnnxRuntimesCastDoes(int type, bool? saturate)
    {
        float[] values = Probes(type);
        // Read back through Cast to float32, which the test above pins bit for bit; it maps distinct float8 values
        // (NaN aside) to distinct floats, so equal floats mean equal float8 bits.
        float[] expected = LowPrecisionModels.CastThrough(type, values, saturate);
        int checkedValues = 0, deviations = 0;
        for (int i = 0; i < values.Length; i++)
        {
            byte bits = FromSingle(type, values[i], saturate ?? true);
            string what = $"{Name(type)} from {Describe(values[i])} (saturate {saturate?.ToString() ?? "default"}): ours 0x{bits:X2}";
            if (saturate == false && OnnxRuntimeDeviation(type, values[i]) is (float spec, float ort))
            {
                AssertSameFloat(spec, ToSingle(type, bits), what + ", against the ONNX spec");
                AssertSameFloat(ort, expected[i], what + ": ONNX Runtime no longer deviates from the spec here (remove the exception)");
                deviations++;
                continue;
            }
            AssertSameFloat(expected[i], ToSingle(type, bits), what);
            checkedValues++;
        }
        Assert.True(checkedValues > 1000, $"only {checkedValues} values checked");
        Assert.True(deviations < 10, $"{deviations} values left to the spec");
    }

    /// <summary>
    /// Where ONNX Runtime 1.32's <c>Cast</c> without saturation departs from ONNX's table ("[x] > FLT_MAX: NaN for
    /// E4M3FN, Inf for E5M2", [x] the value rounded to the type's mantissa): float8e4m3fn of ±480 exactly (which rounds to
    /// the NaN pattern S.1111.111) gives ±448 there, though 470 gives NaN; float8e5m2 of 61440 up to 65536 (which round up
    /// to 65536, past the largest 57344) gives NaN there, though 65536 and more give ±Inf. Ours follows the table:
    /// (the spec's value, ONNX Runtime's), or null where both agree.
    /// </summary>
    private static (float Spec, float OnnxRuntime)? OnnxRuntimeDeviation(int type, float value)
    {
        float sign = MathF.CopySign(1, value), magnitude = MathF.Abs(value);
        if (type == 17 && magnitude == 480) return (float.NaN, 448 * sign);
        if (type == 19 && magnitude >= 61440 && magnitude < 65536) return (float.PositiveInfinity * sign, float.NaN);
        return null;
    }

    // What ONNX Runtime returns for a float8 NaN is a NaN of its own choosing; every other float is compared bit for bit.
    private static void AssertSameFloat(float expected, float actual, string what)
    {
        if (float.IsNaN(expected) && float.IsNaN(actual)) return;
        Assert.True(BitConverter.SingleToUInt32Bits(expected) == BitConverter.SingleToUInt32Bits(actual),
            $"{what}: ONNX Runtime gives {Describe(expected)}, ours {Describe(actual)}");
    }

    // The floats every conversion is tried on.
    private static float[] Probes(int type)
    {
        var values = new List<float>
        {
            0f, -0f, float.NaN, -float.NaN, BitConverter.UInt32BitsToSingle(0x7F80_0001), BitConverter.UInt32BitsToSingle(0xFFA0_0000),
            float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon,
            BitConverter.UInt32BitsToSingle(0x0080_0000), 1e10f, -1e10f, 1e-30f,
        };
        float[] finite = Enumerable.Range(0, 128).Select(b => ToSingle(type, (byte)b)).Where(float.IsFinite).Distinct().OrderBy(v => v).ToArray();
        var positive = new List<float>();
        for (int i = 0; i < finite.Length; i++)
        {
            positive.Add(finite[i]);
            float next = i + 1 < finite.Length ? finite[i + 1] : finite[i] + (finite[i] - finite[i - 1]); // past the largest: one more step
            float half = (finite[i] + next) / 2; // exact: both have few mantissa bits
            positive.AddRange(new[] { half, MathF.BitIncrement(half), MathF.BitDecrement(half), next, next * 2 });
        }
        float smallest = finite.First(v => v > 0);
        positive.AddRange(new[] { smallest / 4, MathF.BitDecrement(smallest / 2), MathF.BitIncrement(smallest / 2) });
        var random = new Random(type);
        for (int i = 0; i < 1000; i++) positive.Add(MathF.ScaleB(1 + random.NextSingle(), random.Next(-24, 20)));
        foreach (float v in positive.Where(v => v > 0))
        {
            values.Add(v);
            values.Add(-v);
        }
        return values.ToArray();
    }

    private static float ToSingle(int type, byte bits) => type switch
    {
        17 => (float)Float8E4M3FN.FromBits(bits),
        18 => (float)Float8E4M3FNUZ.FromBits(bits),
        19 => (float)Float8E5M2.FromBits(bits),
        20 => (float)Float8E5M2FNUZ.FromBits(bits),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static byte FromSingle(int type, float value, bool saturate) => type switch
    {
        17 => Float8E4M3FN.FromSingle(value, saturate).Bits,
        18 => Float8E4M3FNUZ.FromSingle(value, saturate).Bits,
        19 => Float8E5M2.FromSingle(value, saturate).Bits,
        20 => Float8E5M2FNUZ.FromSingle(value, saturate).Bits,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static string Name(int type) => ElementTypes.OnnxName((Microsoft.ML.OnnxRuntime.Tensors.TensorElementType)type);

    private static string Describe(float value) =>
        $"{value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} (0x{BitConverter.SingleToUInt32Bits(value):X8})";
}
