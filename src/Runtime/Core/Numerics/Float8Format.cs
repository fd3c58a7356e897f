using System;

namespace OnnxTyped;

/// <summary>
/// One of ONNX's four float8 formats (onnx.proto, element types 17 to 20) and its conversions to and from
/// <see cref="float"/>, as ONNX's <c>Cast</c> defines them (opset 19 onwards): round to nearest, ties to even; with
/// <c>saturate</c> (Cast's default) a finite value beyond the largest one, or an infinity, becomes the largest value of
/// its sign; without it, such a value becomes infinity where the format has one (E5M2) and NaN otherwise.
/// </summary>
/// <remarks>
/// Formats: <c>E</c> exponent bits, <c>M</c> mantissa bits, an exponent bias, and how the special values are spelled.
/// "FN" formats have no infinity (all ones is NaN); "FNUZ" formats have no negative zero either, and 0x80, the pattern
/// negative zero would take, is their only NaN. Subnormals exist in all four.
/// </remarks>
internal sealed class Float8Format
{
    /// <summary>float8e4m3fn: bias 7, NaN S.1111.111, largest 448.</summary>
    public static readonly Float8Format E4M3FN = new(mantissaBits: 3, bias: 7, Float8Specials.AllOnesNaN, largestBits: 0x7E);

    /// <summary>float8e4m3fnuz: bias 8, NaN 0x80, largest 240.</summary>
    public static readonly Float8Format E4M3FNUZ = new(mantissaBits: 3, bias: 8, Float8Specials.NegativeZeroNaN, largestBits: 0x7F);

    /// <summary>float8e5m2: bias 15, as IEEE 754 binary16 cut to 8 bits: infinity S.11111.00, NaN S.11111.xx (xx ≠ 0), largest 57344.</summary>
    public static readonly Float8Format E5M2 = new(mantissaBits: 2, bias: 15, Float8Specials.Ieee, largestBits: 0x7B);

    /// <summary>float8e5m2fnuz: bias 16, NaN 0x80, largest 57344.</summary>
    public static readonly Float8Format E5M2FNUZ = new(mantissaBits: 2, bias: 16, Float8Specials.NegativeZeroNaN, largestBits: 0x7F);

    private const byte SignBit = 0x80;
    private const byte FnNaN = 0x7F;
    private const byte IeeeInfinity = 0x7C;
    private const byte UzNaN = 0x80;

    private readonly int _mantissaBits;
    private readonly int _bias;
    private readonly Float8Specials _specials;
    private readonly byte _largestBits; // the largest finite magnitude, sign bit clear

    private Float8Format(int mantissaBits, int bias, Float8Specials specials, byte largestBits)
    {
        _mantissaBits = mantissaBits;
        _bias = bias;
        _specials = specials;
        _largestBits = largestBits;
    }

    /// <summary>The value of <paramref name="bits"/>, exactly (every float8 value is a float).</summary>
    public float ToSingle(byte bits)
    {
        int magnitudeBits = bits & 0x7F;
        bool negative = (bits & SignBit) != 0;
        switch (_specials)
        {
            case Float8Specials.NegativeZeroNaN when bits == UzNaN:
                return QuietNaN(negative: false);
            case Float8Specials.AllOnesNaN when magnitudeBits == FnNaN:
            case Float8Specials.Ieee when magnitudeBits > IeeeInfinity:
                return QuietNaN(negative);
            case Float8Specials.Ieee when magnitudeBits == IeeeInfinity:
                return negative ? float.NegativeInfinity : float.PositiveInfinity;
        }
        int exponent = magnitudeBits >> _mantissaBits;
        int mantissa = magnitudeBits & ((1 << _mantissaBits) - 1);
        // A subnormal has no implicit leading one and the exponent of the smallest normal; both are exact powers of two.
        float magnitude = exponent == 0
            ? MathF.ScaleB(mantissa, 1 - _bias - _mantissaBits)
            : MathF.ScaleB((1 << _mantissaBits) | mantissa, exponent - _bias - _mantissaBits);
        return negative ? -magnitude : magnitude;
    }

    /// <summary>The float8 bits nearest <paramref name="value"/> (ties to even), saturating or not (see the class summary).</summary>
    public byte FromSingle(float value, bool saturate)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        byte sign = (byte)((bits >> 24) & SignBit);
        uint magnitude = bits & 0x7FFF_FFFF;
        if (magnitude > 0x7F80_0000) return NaN(sign);
        if (magnitude == 0x7F80_0000) return OutOfRange(sign, saturate);

        // Below float's smallest normal (2^-126) every value is far under half the smallest float8 subnormal (2^-17 at
        // most): zero. Otherwise value = significand × 2^(exponent - 23), the significand's leading one included.
        if (magnitude < 0x0080_0000) return Zero(sign);
        int exponent = (int)(magnitude >> 23) - 127;
        uint significand = (magnitude & 0x007F_FFFF) | 0x0080_0000;

        int smallestNormalExponent = 1 - _bias;
        if (exponent - smallestNormalExponent > 32) return OutOfRange(sign, saturate); // far past any float8 exponent
        // The float8's last mantissa bit is worth 2^(exponent - M) for a normal, 2^(smallest normal exponent - M) below.
        int shift = 23 - _mantissaBits + Math.Max(smallestNormalExponent - exponent, 0);
        uint units = RoundedShift(significand, shift);
        // Normal: (exponent - smallest normal exponent) << M plus the units (which hold the leading one, so this is the
        // exponent field << M plus the mantissa); a rounding carry moves into the exponent field by itself. Subnormal:
        // the units are the bits, and rounding up to 1 << M gives the smallest normal.
        uint result = exponent >= smallestNormalExponent ? ((uint)(exponent - smallestNormalExponent) << _mantissaBits) + units : units;
        if (result > _largestBits) return OutOfRange(sign, saturate);
        return result == 0 ? Zero(sign) : (byte)(sign | result);
    }

    // The quiet NaN of that sign, spelled out: float.NaN's own sign bit is the platform's (set on x86).
    private static float QuietNaN(bool negative) => BitConverter.UInt32BitsToSingle(negative ? 0xFFC0_0000u : 0x7FC0_0000u);

    // significand >> shift, rounded to nearest with ties to even.
    private static uint RoundedShift(uint significand, int shift)
    {
        if (shift > 24) return 0; // under half a unit (the significand is below 2^24)
        uint kept = significand >> shift;
        uint rest = significand & ((1u << shift) - 1);
        uint half = 1u << (shift - 1);
        if (rest > half || (rest == half && (kept & 1) != 0)) kept++;
        return kept;
    }

    private byte NaN(byte sign) => _specials == Float8Specials.NegativeZeroNaN ? UzNaN : (byte)(sign | FnNaN);

    private byte Zero(byte sign) => _specials == Float8Specials.NegativeZeroNaN ? (byte)0 : sign;

    private byte OutOfRange(byte sign, bool saturate)
    {
        if (saturate) return (byte)(sign | _largestBits);
        return _specials == Float8Specials.Ieee ? (byte)(sign | IeeeInfinity) : NaN(sign);
    }
}

/// <summary>How a float8 format spells its special values.</summary>
internal enum Float8Specials
{
    /// <summary>No infinity; S.1111.111 is NaN (E4M3FN).</summary>
    AllOnesNaN,

    /// <summary>No infinity, no negative zero; 0x80 is the only NaN (the FNUZ formats).</summary>
    NegativeZeroNaN,

    /// <summary>Infinity S.11111.00, NaN S.11111.xx with xx ≠ 0 (E5M2).</summary>
    Ieee,
}
