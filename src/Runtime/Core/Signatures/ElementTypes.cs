using System;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>ONNX element types as users read them, and their sizes in memory.</summary>
public static class ElementTypes
{
    // ONNX Runtime's C# enum stops at BFloat16 (16); these follow onnx.proto's numbering, which the enum shares.
    internal const TensorElementType Float8E4M3FN = (TensorElementType)17;
    internal const TensorElementType Float8E4M3FNUZ = (TensorElementType)18;
    internal const TensorElementType Float8E5M2 = (TensorElementType)19;
    internal const TensorElementType Float8E5M2FNUZ = (TensorElementType)20;
    internal const TensorElementType UInt4 = (TensorElementType)21;
    internal const TensorElementType Int4 = (TensorElementType)22;

    /// <summary>The ONNX name of an element type as users see it: <c>float32</c>, <c>int64</c>, <c>bool</c>, <c>float8e4m3fn</c>, <c>int4</c>...</summary>
    public static string OnnxName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        TensorElementType.Int8 => "int8",
        TensorElementType.Int16 => "int16",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.UInt16 => "uint16",
        TensorElementType.UInt32 => "uint32",
        TensorElementType.UInt64 => "uint64",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "string",
        TensorElementType.Complex64 => "complex64",
        TensorElementType.Complex128 => "complex128",
        Float8E4M3FN => "float8e4m3fn",
        Float8E4M3FNUZ => "float8e4m3fnuz",
        Float8E5M2 => "float8e5m2",
        Float8E5M2FNUZ => "float8e5m2fnuz",
        UInt4 => "uint4",
        Int4 => "int4",
        _ => type.ToString(),
    };

    /// <summary>Whether elements of <paramref name="type"/> are packed two to a byte (int4, uint4: the first in the low nibble).</summary>
    internal static bool IsPackedInNibbles(TensorElementType type) => type is Int4 or UInt4;

    /// <summary>
    /// How many values of the type's .NET element type hold <paramref name="elementCount"/> elements: as many, except for
    /// int4 and uint4, packed two to a byte in <see cref="Int4x2"/>/<see cref="UInt4x2"/>: ceil(count / 2).
    /// </summary>
    internal static long StoredCount(TensorElementType type, long elementCount) =>
        IsPackedInNibbles(type) ? elementCount / 2 + (elementCount & 1) : elementCount;

    /// <summary>
    /// The bytes <paramref name="elementCount"/> elements of <paramref name="type"/> take in memory, dense: the element
    /// size times the count, or ceil(count / 2) for int4 and uint4. Every byte count of the runtime comes from here.
    /// </summary>
    /// <exception cref="OverflowException">More bytes than a 64-bit count holds.</exception>
    /// <exception cref="NotSupportedException">The type has no fixed size (strings) or is unknown.</exception>
    internal static long ByteCount(TensorElementType type, long elementCount) => checked(StoredCount(type, elementCount) * StoredSize(type));

    // Bytes per stored value: per element, and per pair of elements for int4/uint4.
    private static int StoredSize(TensorElementType type) => type switch
    {
        TensorElementType.Complex128 => 16,
        TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Complex64 => 8,
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Float16 or TensorElementType.BFloat16 or TensorElementType.Int16 or TensorElementType.UInt16 => 2,
        TensorElementType.Int8 or TensorElementType.UInt8 or TensorElementType.Bool => 1,
        Float8E4M3FN or Float8E4M3FNUZ or Float8E5M2 or Float8E5M2FNUZ or Int4 or UInt4 => 1,
        _ => throw new NotSupportedException($"Element type {OnnxName(type)} has no fixed size, so it cannot be bound by address."),
    };
}
