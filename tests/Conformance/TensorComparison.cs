using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Linq;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.Conformance;

/// <summary>
/// Compares an output with its expected value the way ONNX's backend tests do
/// (<c>numpy.testing.assert_allclose(expected, actual, rtol=1e-3, atol=1e-7)</c>): floating-point
/// elements match when |actual - expected| &lt;= atol + rtol * |expected|, NaN matches NaN and an
/// infinity matches the same infinity; integer, bool and string elements must be equal.
/// </summary>
internal static class TensorComparison
{
    public const double RelativeTolerance = 1e-3;
    public const double AbsoluteTolerance = 1e-7;

    /// <summary>Null when <paramref name="actual"/> matches <paramref name="expected"/>, else what differs.</summary>
    public static string? Difference(TensorData expected, TensorData actual)
    {
        if (expected.ElementType != actual.ElementType)
            return $"dtype {ElementTypeNames.Of(actual.ElementType)}, expected {ElementTypeNames.Of(expected.ElementType)}";
        if (!expected.Shape.SequenceEqual(actual.Shape))
            return $"shape {actual.ShapeText}, expected {expected.ShapeText}";

        if (expected.ElementType == TensorElementType.String)
        {
            string[] e = expected.Strings!, a = actual.Strings!;
            for (int i = 0; i < e.Length; i++)
                if (!string.Equals(e[i], a[i], StringComparison.Ordinal))
                    return $"element {i} is \"{a[i]}\", expected \"{e[i]}\"";
            return null;
        }

        if (expected.Bytes.Length != actual.Bytes.Length)
            return $"{actual.Bytes.Length} bytes of data, expected {expected.Bytes.Length}";

        Func<byte[], int, double>? read = FloatingReader(expected.ElementType);
        if (read is null) return ExactDifference(expected, actual);

        int count = expected.Bytes.Length / ElementTypeNames.SizeOf(expected.ElementType) * Components(expected.ElementType);
        int mismatches = 0, first = -1;
        double firstExpected = 0, firstActual = 0;
        for (int i = 0; i < count; i++)
        {
            double e = read(expected.Bytes, i), a = read(actual.Bytes, i);
            if (Close(e, a)) continue;
            if (mismatches++ == 0)
            {
                first = i;
                firstExpected = e;
                firstActual = a;
            }
        }
        if (mismatches == 0) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{mismatches} of {count} values differ beyond rtol 1e-3/atol 1e-7; first at {first}: {firstActual:G6}, expected {firstExpected:G6}");
    }

    public static bool Close(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual)) return double.IsNaN(expected) && double.IsNaN(actual);
        if (double.IsInfinity(expected) || double.IsInfinity(actual)) return expected == actual;
        return Math.Abs(actual - expected) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(expected);
    }

    private static string? ExactDifference(TensorData expected, TensorData actual)
    {
        bool isBool = expected.ElementType == TensorElementType.Bool;
        int size = Math.Max(1, ElementTypeNames.SizeOf(expected.ElementType));
        int mismatches = 0, first = -1;
        for (int i = 0; i < expected.Bytes.Length; i++)
        {
            bool same = isBool ? (expected.Bytes[i] != 0) == (actual.Bytes[i] != 0) : expected.Bytes[i] == actual.Bytes[i];
            if (same) continue;
            if (mismatches++ == 0) first = i / size;
            i = (i / size + 1) * size - 1; // count each element once
        }
        if (mismatches == 0) return null;
        return $"{mismatches} elements differ (exact comparison for {ElementTypeNames.Of(expected.ElementType)}); first at {first}: " +
               $"{ElementText(actual, first)}, expected {ElementText(expected, first)}";
    }

    private static string ElementText(TensorData data, int index)
    {
        int size = Math.Max(1, ElementTypeNames.SizeOf(data.ElementType));
        ReadOnlySpan<byte> bytes = data.Bytes.AsSpan(index * size, size);
        return (int)data.ElementType switch
        {
            2 => bytes[0].ToString(CultureInfo.InvariantCulture),
            3 => ((sbyte)bytes[0]).ToString(CultureInfo.InvariantCulture),
            9 => bytes[0] != 0 ? "true" : "false",
            4 => BinaryPrimitives.ReadUInt16LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
            5 => BinaryPrimitives.ReadInt16LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
            6 => BinaryPrimitives.ReadInt32LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
            12 => BinaryPrimitives.ReadUInt32LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
            7 => BinaryPrimitives.ReadInt64LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
            13 => BinaryPrimitives.ReadUInt64LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
            _ => "0x" + Convert.ToHexString(bytes),
        };
    }

    // Complex numbers compare part by part.
    private static int Components(TensorElementType type) => (int)type is 14 or 15 ? 2 : 1;

    private static Func<byte[], int, double>? FloatingReader(TensorElementType type) => (int)type switch
    {
        1 or 14 => (b, i) => BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(i * 4)),
        11 or 15 => (b, i) => BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(i * 8)),
        10 => (b, i) => (double)BinaryPrimitives.ReadHalfLittleEndian(b.AsSpan(i * 2)),
        16 => (b, i) => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i * 2)) << 16),
        _ => null,
    };
}
