using System;
using System.Globalization;

namespace OnnxTyped;

/// <summary>
/// Two ONNX int4 values (element type 22) packed in one byte as ONNX stores them: the first element in the low
/// nibble, the second in the high nibble, each in two's complement over 4 bits, -8 to 7. The element type of <c>OnnxTensor&lt;Int4x2&gt;</c>: a tensor of
/// n int4 elements holds ceil(n / 2) pairs, and for an odd n the last pair's high nibble is no element (zero when
/// packed here, ignored when unpacked).
/// </summary>
/// <remarks>
/// From <see cref="float"/> (<see cref="RoundToInt4"/>) a value is rounded to the nearest integer, ties to even, and
/// saturated to -8..7, as ONNX's <c>QuantizeLinear</c> to int4 does with scale 1 and zero point 0 (<c>Cast</c>'s
/// documentation leaves a float out of an integer type's range undefined; ONNX Runtime 1.32's <c>Cast</c> to int4 rounds
/// ties away from zero and wraps, see docs/element-types.md). NaN gives 0. Equality compares the byte, both nibbles.
/// </remarks>
public readonly struct Int4x2 : IEquatable<Int4x2>
{
    /// <summary>The smallest int4 value.</summary>
    public const sbyte MinValue = -8;

    /// <summary>The largest int4 value.</summary>
    public const sbyte MaxValue = 7;

    private readonly byte _bits;

    private Int4x2(byte bits)
    {
        _bits = bits;
    }

    /// <summary>The pair (<paramref name="low"/> first, in the low nibble).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside -8..7.</exception>
    public Int4x2(sbyte low, sbyte high)
    {
        _bits = (byte)(Nibble(low, nameof(low)) | (Nibble(high, nameof(high)) << 4));
    }

    /// <summary>The raw byte: the first value in the low nibble, the second in the high one.</summary>
    public byte Bits => _bits;

    /// <summary>The first value (low nibble).</summary>
    public sbyte Low => Value(_bits & 0xF);

    /// <summary>The second value (high nibble).</summary>
    public sbyte High => Value(_bits >> 4);

    /// <summary><see cref="Low"/> for 0, <see cref="High"/> for 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is neither 0 nor 1.</exception>
    public sbyte this[int index] => index switch
    {
        0 => Low,
        1 => High,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "A Int4x2 holds two values: 0 is the first (low nibble), 1 the second (high nibble)."),
    };

    /// <summary>The pair whose raw byte is <paramref name="bits"/>.</summary>
    public static Int4x2 FromBits(byte bits) => new(bits);

    /// <summary>The pair of the int4 values nearest <paramref name="low"/> and <paramref name="high"/> (see <see cref="RoundToInt4"/>).</summary>
    public static Int4x2 FromSingles(float low, float high) => new(RoundToInt4(low), RoundToInt4(high));

    /// <summary>
    /// The int4 value nearest <paramref name="value"/>: rounded to the nearest integer (ties to even) and saturated to
    /// -8..7; infinities give the bound of their sign, NaN gives 0.
    /// </summary>
    public static sbyte RoundToInt4(float value) =>
        float.IsNaN(value) ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round(value, MidpointRounding.ToEven), MinValue, MaxValue);

    /// <summary>
    /// Packs <paramref name="values"/> two to a byte into the first ceil(n / 2) pairs of <paramref name="destination"/>
    /// (for an odd count the last high nibble is zero), and returns that number of pairs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside -8..7.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> holds fewer than ceil(n / 2) pairs.</exception>
    public static int Pack(ReadOnlySpan<sbyte> values, Span<Int4x2> destination)
    {
        int pairs = values.Length / 2 + (values.Length & 1);
        if (destination.Length < pairs)
            throw new ArgumentException(
                $"{values.Length} int4 value(s) pack into {pairs} Int4x2 pair(s), but the destination holds {destination.Length}.", nameof(destination));
        for (int p = 0; p < pairs; p++)
        {
            int first = Nibble(values[2 * p], nameof(values), 2 * p);
            int second = 2 * p + 1 < values.Length ? Nibble(values[2 * p + 1], nameof(values), 2 * p + 1) : 0;
            destination[p] = new Int4x2((byte)(first | (second << 4)));
        }
        return pairs;
    }

    /// <summary>
    /// Unpacks as many values as <paramref name="destination"/> holds (n) from the first ceil(n / 2) pairs of
    /// <paramref name="pairs"/>, first the low nibble of each, then its high nibble.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="pairs"/> holds fewer than ceil(n / 2) pairs.</exception>
    public static void Unpack(ReadOnlySpan<Int4x2> pairs, Span<sbyte> destination)
    {
        int needed = destination.Length / 2 + (destination.Length & 1);
        if (pairs.Length < needed)
            throw new ArgumentException(
                $"{destination.Length} int4 value(s) are packed in {needed} Int4x2 pair(s), but the source holds {pairs.Length}.", nameof(pairs));
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Value((pairs[i / 2]._bits >> (4 * (i & 1))) & 0xF);
    }

    /// <summary>Whether both bytes are equal.</summary>
    public static bool operator ==(Int4x2 left, Int4x2 right) => left._bits == right._bits;

    /// <summary>Whether the bytes differ.</summary>
    public static bool operator !=(Int4x2 left, Int4x2 right) => left._bits != right._bits;

    /// <inheritdoc/>
    public bool Equals(Int4x2 other) => _bits == other._bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Int4x2 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bits;

    /// <summary>Both values, first the low nibble's: <c>(3, 7)</c>.</summary>
    public override string ToString() =>
        "(" + Low.ToString(CultureInfo.InvariantCulture) + ", " + High.ToString(CultureInfo.InvariantCulture) + ")";

    // Two's complement over 4 bits: 0..7 stay, 8..15 are -8..-1.
    private static sbyte Value(int nibble) => (sbyte)((nibble ^ 8) - 8);

    // The value's nibble, checked against the range; `index` names its place in a span.
    private static int Nibble(sbyte value, string parameter, int index = -1)
    {
        if (value < MinValue || value > MaxValue)
            throw new ArgumentOutOfRangeException(parameter, value,
                (index < 0 ? parameter : parameter + "[" + index.ToString(CultureInfo.InvariantCulture) + "]") + " is outside int4's range, -8 to 7.");
        return value & 0xF;
    }
}
