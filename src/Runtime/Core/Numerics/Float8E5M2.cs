using System;
using System.Globalization;

namespace OnnxTyped;

/// <summary>
/// ONNX's float8e5m2 (element type 19), one byte as ONNX Runtime stores it: 1 sign bit, 5 exponent bits (bias 15) and 2 mantissa bits, laid out as IEEE 754 binary16 cut to its high byte: infinity S.11111.00 (0x7C, 0xFC), NaN S.11111.xx with xx ≠ 0, negative zero 0x80. Largest finite ±57344 (0x7B), smallest subnormal 2^-16.
/// The element type of <c>OnnxTensor&lt;Float8E5M2&gt;</c>.
/// </summary>
/// <remarks>
/// Conversions follow ONNX's <c>Cast</c> (opset 19 onwards): from <see cref="float"/> the nearest value, ties to even,
/// saturating by default as <c>Cast</c> does (its <c>saturate</c> attribute defaults to 1): an infinity or a finite value that rounds past ±57344 gives ±57344; without saturation, ±infinity. NaN gives NaN. To
/// <see cref="float"/> every value is exact. Equality compares the bits: NaN equals the same NaN, and +0 and -0 differ.
/// </remarks>
public readonly struct Float8E5M2 : IEquatable<Float8E5M2>
{
    private readonly byte _bits;

    private Float8E5M2(byte bits)
    {
        _bits = bits;
    }

    /// <summary>The raw bits.</summary>
    public byte Bits => _bits;

    /// <summary>The value whose raw bits are <paramref name="bits"/>.</summary>
    public static Float8E5M2 FromBits(byte bits) => new(bits);

    /// <summary>
    /// The float8e5m2 nearest <paramref name="value"/>, ties to even. With <paramref name="saturate"/> (the default, as in
    /// ONNX's <c>Cast</c>) an infinity or a finite value that rounds past ±57344 gives ±57344; without it, ±infinity.
    /// </summary>
    public static Float8E5M2 FromSingle(float value, bool saturate = true) => new(Float8Format.E5M2.FromSingle(value, saturate));

    /// <summary>The float8e5m2 nearest <paramref name="value"/>, saturating: <see cref="FromSingle"/> with its default.</summary>
    public static explicit operator Float8E5M2(float value) => FromSingle(value);

    /// <summary>The value as a <see cref="float"/>, exactly.</summary>
    public static explicit operator float(Float8E5M2 value) => Float8Format.E5M2.ToSingle(value._bits);

    /// <summary>Whether both have the same bits.</summary>
    public static bool operator ==(Float8E5M2 left, Float8E5M2 right) => left._bits == right._bits;

    /// <summary>Whether the bits differ.</summary>
    public static bool operator !=(Float8E5M2 left, Float8E5M2 right) => left._bits != right._bits;

    /// <inheritdoc/>
    public bool Equals(Float8E5M2 other) => _bits == other._bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Float8E5M2 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bits;

    /// <summary>The value as <see cref="float"/> prints it, in the invariant culture: <c>1.5</c>, <c>-0</c>, <c>NaN</c>.</summary>
    public override string ToString() => ((float)this).ToString(CultureInfo.InvariantCulture);
}
