using System;
using System.Globalization;

namespace OnnxTyped;

/// <summary>
/// One dimension of a declared tensor shape: either a fixed size, or a symbolic dimension
/// (named, like <c>batch</c>, or anonymous, shown as <c>?</c>).
/// </summary>
public readonly struct Dim : IEquatable<Dim>
{
    private Dim(long size, string? name)
    {
        Size = size;
        Name = name;
    }

    /// <summary>The fixed size, or -1 for a symbolic dimension.</summary>
    public long Size { get; }

    /// <summary>The symbolic name; empty for an anonymous dimension, <see langword="null"/> for a fixed one.</summary>
    public string? Name { get; }

    /// <summary>True when the model fixes this dimension to <see cref="Size"/>.</summary>
    public bool IsFixed => Size >= 0;

    /// <summary>A dimension of fixed size.</summary>
    public static Dim Fixed(long size) =>
        size >= 0 ? new Dim(size, null) : throw new ArgumentOutOfRangeException(nameof(size), size, "A fixed dimension cannot be negative.");

    /// <summary>A symbolic dimension; <paramref name="name"/> empty for an anonymous one.</summary>
    public static Dim Symbolic(string name) => new(-1, name ?? "");

    /// <inheritdoc/>
    public bool Equals(Dim other) => Size == other.Size && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Dim other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Size, Name);

    /// <summary>The size, the symbolic name, or <c>?</c>.</summary>
    public override string ToString() =>
        IsFixed ? Size.ToString(CultureInfo.InvariantCulture) : (string.IsNullOrEmpty(Name) ? "?" : Name!);

    /// <summary>Compares two dimensions by value.</summary>
    public static bool operator ==(Dim left, Dim right) => left.Equals(right);

    /// <summary>Compares two dimensions by value.</summary>
    public static bool operator !=(Dim left, Dim right) => !left.Equals(right);
}
