using System;
using System.Globalization;

namespace OnnxTyped;

/// <summary>
/// ONNX's float8e4m3fn (element type 17), one byte as ONNX Runtime stores it: 1 sign bit, 4 exponent bits (bias 7) and 3 mantissa bits. No infinity; S.1111.111 is NaN (0x7F, 0xFF); negative zero exists (0x80). Largest finite ±448 (0x7E), smallest subnormal 2^-9.
/// The element type of <c>OnnxTensor&lt;Float8E4M3FN&gt;</c>.
/// </summary>
/// <remarks>
/// Conversions follow ONNX's <c>Cast</c> (opset 19 onwards): from <see cref="float"/> the nearest value, ties to even,
/// saturating by default as <c>Cast</c> does (its <c>saturate</c> attribute defaults to 1): an infinity or a finite value that rounds past ±448 gives ±448; without saturation, NaN. NaN gives NaN. To
/// <see cref="float"/> every value is exact. Equality compares the bits: NaN equals the same NaN, and +0 and -0 differ.
/// </remarks>
public readonly struct Float8E4M3FN : IEquatable<Float8E4M3FN>
{
    private readonly byte _bits;

    private Float8E4M3FN(byte bits)
    {
        _bits = bits;
    }

    /// <summary>The raw bits.</summary>
    public byte Bits => _bits;

    /// <summary>The value whose raw bits are <paramref name="bits"/>.</summary>
    public static Float8E4M3FN FromBits(byte bits) => new(bits);

    /// <summary>
    /// The float8e4m3fn nearest <paramref name="value"/>, ties to even. With <paramref name="saturate"/> (the default, as in
    /// ONNX's <c>Cast</c>) an infinity or a finite value that rounds past ±448 gives ±448; without it, NaN.
    /// </summary>
    public static Float8E4M3FN FromSingle(float value, bool saturate = true) => new(Float8Format.E4M3FN.FromSingle(value, saturate));

    /// <summary>The float8e4m3fn nearest <paramref name="value"/>, saturating: <see cref="FromSingle"/> with its default.</summary>
    public static explicit operator Float8E4M3FN(float value) => FromSingle(value);

    /// <summary>The value as a <see cref="float"/>, exactly.</summary>
    public static explicit operator float(Float8E4M3FN value) => Float8Format.E4M3FN.ToSingle(value._bits);

    /// <summary>Whether both have the same bits.</summary>
    public static bool operator ==(Float8E4M3FN left, Float8E4M3FN right) => left._bits == right._bits;

    /// <summary>Whether the bits differ.</summary>
    public static bool operator !=(Float8E4M3FN left, Float8E4M3FN right) => left._bits != right._bits;

    /// <inheritdoc/>
    public bool Equals(Float8E4M3FN other) => _bits == other._bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Float8E4M3FN other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bits;

    /// <summary>The value as <see cref="float"/> prints it, in the invariant culture: <c>1.5</c>, <c>-0</c>, <c>NaN</c>.</summary>
    public override string ToString() => ((float)this).ToString(CultureInfo.InvariantCulture);
}
