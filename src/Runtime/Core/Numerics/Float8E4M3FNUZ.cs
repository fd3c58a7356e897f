using System;
using System.Globalization;

namespace OnnxTyped;

/// <summary>
/// ONNX's float8e4m3fnuz (element type 18), one byte as ONNX Runtime stores it: 1 sign bit, 4 exponent bits (bias 8) and 3 mantissa bits. No infinity and no negative zero; 0x80 is the only NaN. Largest finite ±240 (0x7F, 0xFF), smallest subnormal 2^-10.
/// The element type of <c>OnnxTensor&lt;Float8E4M3FNUZ&gt;</c>.
/// </summary>
/// <remarks>
/// Conversions follow ONNX's <c>Cast</c> (opset 19 onwards): from <see cref="float"/> the nearest value, ties to even,
/// saturating by default as <c>Cast</c> does (its <c>saturate</c> attribute defaults to 1): an infinity or a finite value that rounds past ±240 gives ±240; without saturation, NaN (0x80). A negative value that rounds to zero gives 0x00. NaN gives NaN. To
/// <see cref="float"/> every value is exact. Equality compares the bits: NaN equals the same NaN, and +0 and -0 differ.
/// </remarks>
public readonly struct Float8E4M3FNUZ : IEquatable<Float8E4M3FNUZ>
{
    private readonly byte _bits;

    private Float8E4M3FNUZ(byte bits)
    {
        _bits = bits;
    }

    /// <summary>The raw bits.</summary>
    public byte Bits => _bits;

    /// <summary>The value whose raw bits are <paramref name="bits"/>.</summary>
    public static Float8E4M3FNUZ FromBits(byte bits) => new(bits);

    /// <summary>
    /// The float8e4m3fnuz nearest <paramref name="value"/>, ties to even. With <paramref name="saturate"/> (the default, as in
    /// ONNX's <c>Cast</c>) an infinity or a finite value that rounds past ±240 gives ±240; without it, NaN (0x80). A negative value that rounds to zero gives 0x00.
    /// </summary>
    public static Float8E4M3FNUZ FromSingle(float value, bool saturate = true) => new(Float8Format.E4M3FNUZ.FromSingle(value, saturate));

    /// <summary>The float8e4m3fnuz nearest <paramref name="value"/>, saturating: <see cref="FromSingle"/> with its default.</summary>
    public static explicit operator Float8E4M3FNUZ(float value) => FromSingle(value);

    /// <summary>The value as a <see cref="float"/>, exactly.</summary>
    public static explicit operator float(Float8E4M3FNUZ value) => Float8Format.E4M3FNUZ.ToSingle(value._bits);

    /// <summary>Whether both have the same bits.</summary>
    public static bool operator ==(Float8E4M3FNUZ left, Float8E4M3FNUZ right) => left._bits == right._bits;

    /// <summary>Whether the bits differ.</summary>
    public static bool operator !=(Float8E4M3FNUZ left, Float8E4M3FNUZ right) => left._bits != right._bits;

    /// <inheritdoc/>
    public bool Equals(Float8E4M3FNUZ other) => _bits == other._bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Float8E4M3FNUZ other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bits;

    /// <summary>The value as <see cref="float"/> prints it, in the invariant culture: <c>1.5</c>, <c>-0</c>, <c>NaN</c>.</summary>
    public override string ToString() => ((float)this).ToString(CultureInfo.InvariantCulture);
}
