using System;
using System.Globalization;

namespace OnnxTyped;

/// <summary>
/// Two ONNX uint4 values (element type 21) packed in one byte as ONNX stores them: the first element in the low
/// nibble, the second in the high nibble, each 0 to 15. The element type of <c>OnnxTensor&lt;UInt4x2&gt;</c>: a tensor of
/// n uint4 elements holds ceil(n / 2) pairs, and for an odd n the last pair's high nibble is no element (zero when
/// packed here, ignored when unpacked).
/// </summary>
/// <remarks>
/// From <see cref="float"/> (<see cref="RoundToUInt4"/>) a value is rounded to the nearest integer, ties to even, and
/// saturated to 0..15, as ONNX's <c>QuantizeLinear</c> to uint4 does with scale 1 and zero point 0 (<c>Cast</c>'s
/// documentation leaves a float out of an integer type's range undefined; ONNX Runtime 1.32's <c>Cast</c> to uint4 rounds
/// ties away from zero and wraps, see docs/element-types.md). NaN gives 0. Equality compares the byte, both nibbles.
/// </remarks>
public readonly struct UInt4x2 : IEquatable<UInt4x2>
{
    /// <summary>The smallest uint4 value.</summary>
    public const byte MinValue = 0;

    /// <summary>The largest uint4 value.</summary>
    public const byte MaxValue = 15;

    private readonly byte _bits;

    private UInt4x2(byte bits)
    {
        _bits = bits;
    }

    /// <summary>The pair (<paramref name="low"/> first, in the low nibble).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside 0..15.</exception>
    public UInt4x2(byte low, byte high)
    {
        _bits = (byte)(Nibble(low, nameof(low)) | (Nibble(high, nameof(high)) << 4));
    }

    /// <summary>The raw byte: the first value in the low nibble, the second in the high one.</summary>
    public byte Bits => _bits;

    /// <summary>The first value (low nibble).</summary>
    public byte Low => Value(_bits & 0xF);

    /// <summary>The second value (high nibble).</summary>
    public byte High => Value(_bits >> 4);

    /// <summary><see cref="Low"/> for 0, <see cref="High"/> for 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is neither 0 nor 1.</exception>
    public byte this[int index] => index switch
    {
        0 => Low,
        1 => High,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "A UInt4x2 holds two values: 0 is the first (low nibble), 1 the second (high nibble)."),
    };

    /// <summary>The pair whose raw byte is <paramref name="bits"/>.</summary>
    public static UInt4x2 FromBits(byte bits) => new(bits);

    /// <summary>The pair of the uint4 values nearest <paramref name="low"/> and <paramref name="high"/> (see <see cref="RoundToUInt4"/>).</summary>
    public static UInt4x2 FromSingles(float low, float high) => new(RoundToUInt4(low), RoundToUInt4(high));

    /// <summary>
    /// The uint4 value nearest <paramref name="value"/>: rounded to the nearest integer (ties to even) and saturated to
    /// 0..15; infinities give the bound of their sign, NaN gives 0.
    /// </summary>
    public static byte RoundToUInt4(float value) =>
        float.IsNaN(value) ? (byte)0 : (byte)Math.Clamp(MathF.Round(value, MidpointRounding.ToEven), MinValue, MaxValue);

    /// <summary>
    /// Packs <paramref name="values"/> two to a byte into the first ceil(n / 2) pairs of <paramref name="destination"/>
    /// (for an odd count the last high nibble is zero), and returns that number of pairs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside 0..15.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> holds fewer than ceil(n / 2) pairs.</exception>
    public static int Pack(ReadOnlySpan<byte> values, Span<UInt4x2> destination)
    {
        int pairs = values.Length / 2 + (values.Length & 1);
        if (destination.Length < pairs)
            throw new ArgumentException(
                $"{values.Length} uint4 value(s) pack into {pairs} UInt4x2 pair(s), but the destination holds {destination.Length}.", nameof(destination));
        for (int p = 0; p < pairs; p++)
        {
            int first = Nibble(values[2 * p], nameof(values), 2 * p);
            int second = 2 * p + 1 < values.Length ? Nibble(values[2 * p + 1], nameof(values), 2 * p + 1) : 0;
            destination[p] = new UInt4x2((byte)(first | (second << 4)));
        }
        return pairs;
    }

    /// <summary>
    /// Unpacks as many values as <paramref name="destination"/> holds (n) from the first ceil(n / 2) pairs of
    /// <paramref name="pairs"/>, first the low nibble of each, then its high nibble.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="pairs"/> holds fewer than ceil(n / 2) pairs.</exception>
    public static void Unpack(ReadOnlySpan<UInt4x2> pairs, Span<byte> destination)
    {
        int needed = destination.Length / 2 + (destination.Length & 1);
        if (pairs.Length < needed)
            throw new ArgumentException(
                $"{destination.Length} uint4 value(s) are packed in {needed} UInt4x2 pair(s), but the source holds {pairs.Length}.", nameof(pairs));
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Value((pairs[i / 2]._bits >> (4 * (i & 1))) & 0xF);
    }

    /// <summary>Whether both bytes are equal.</summary>
    public static bool operator ==(UInt4x2 left, UInt4x2 right) => left._bits == right._bits;

    /// <summary>Whether the bytes differ.</summary>
    public static bool operator !=(UInt4x2 left, UInt4x2 right) => left._bits != right._bits;

    /// <inheritdoc/>
    public bool Equals(UInt4x2 other) => _bits == other._bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is UInt4x2 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bits;

    /// <summary>Both values, first the low nibble's: <c>(3, 15)</c>.</summary>
    public override string ToString() =>
        "(" + Low.ToString(CultureInfo.InvariantCulture) + ", " + High.ToString(CultureInfo.InvariantCulture) + ")";

    private static byte Value(int nibble) => (byte)nibble;

    // The value's nibble, checked against the range; `index` names its place in a span.
    private static int Nibble(byte value, string parameter, int index = -1)
    {
        if (value < MinValue || value > MaxValue)
            throw new ArgumentOutOfRangeException(parameter, value,
                (index < 0 ? parameter : parameter + "[" + index.ToString(CultureInfo.InvariantCulture) + "]") + " is outside uint4's range, 0 to 15.");
        return value & 0xF;
    }
}
