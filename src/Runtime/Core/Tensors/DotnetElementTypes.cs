using System;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// The .NET type of each ONNX element type the typed front-end binds, fixed at compile time: float32 is
/// <see cref="float"/>, int64 <see cref="long"/>, uint16/32/64 <see cref="ushort"/>/<see cref="uint"/>/<see cref="ulong"/>,
/// float16 <see cref="Half"/>, bfloat16 ONNX Runtime's <see cref="BFloat16"/>, bool <see cref="bool"/> (one byte, as ONNX
/// stores it), float8e4m3fn/float8e4m3fnuz/float8e5m2/float8e5m2fnuz <see cref="Float8E4M3FN"/>/<see cref="Float8E4M3FNUZ"/>/
/// <see cref="Float8E5M2"/>/<see cref="Float8E5M2FNUZ"/>, and int4/uint4 <see cref="Int4x2"/>/<see cref="UInt4x2"/>, two
/// elements to a value (see <see cref="OnnxTensor{T}"/>). Strings and complex numbers have no entry.
/// </summary>
/// <remarks>
/// ONNX Runtime's C# API (1.31, 1.32) knows no element type past bfloat16: it opens no session whose inputs or outputs
/// are float8 or int4/uint4, makes no OrtValue over such memory and reads none it allocated. Tensors of these types are ready for the release
/// that does; until then a call with them fails in ONNX Runtime (see docs/element-types.md).
/// </remarks>
public static class DotnetElementTypes
{
    /// <summary>The ONNX element type <typeparamref name="T"/> holds.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not one of the types above.</exception>
    public static TensorElementType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? TensorElementType.Float
        : typeof(T) == typeof(long) ? TensorElementType.Int64
        : typeof(T) == typeof(int) ? TensorElementType.Int32
        : typeof(T) == typeof(double) ? TensorElementType.Double
        : typeof(T) == typeof(byte) ? TensorElementType.UInt8
        : typeof(T) == typeof(sbyte) ? TensorElementType.Int8
        : typeof(T) == typeof(short) ? TensorElementType.Int16
        : typeof(T) == typeof(ushort) ? TensorElementType.UInt16
        : typeof(T) == typeof(uint) ? TensorElementType.UInt32
        : typeof(T) == typeof(ulong) ? TensorElementType.UInt64
        : typeof(T) == typeof(bool) ? TensorElementType.Bool
        : typeof(T) == typeof(Half) ? TensorElementType.Float16
        : typeof(T) == typeof(BFloat16) ? TensorElementType.BFloat16
        : typeof(T) == typeof(Float8E4M3FN) ? ElementTypes.Float8E4M3FN
        : typeof(T) == typeof(Float8E4M3FNUZ) ? ElementTypes.Float8E4M3FNUZ
        : typeof(T) == typeof(Float8E5M2) ? ElementTypes.Float8E5M2
        : typeof(T) == typeof(Float8E5M2FNUZ) ? ElementTypes.Float8E5M2FNUZ
        : typeof(T) == typeof(Int4x2) ? ElementTypes.Int4
        : typeof(T) == typeof(UInt4x2) ? ElementTypes.UInt4
        : throw new NotSupportedException(
            $"{typeof(T)} is not an element type ONNX tensors bind: use float, double, Half, BFloat16, sbyte, byte, short, ushort, int, uint, long, ulong, bool, " +
            "Float8E4M3FN, Float8E4M3FNUZ, Float8E5M2, Float8E5M2FNUZ, Int4x2 or UInt4x2.");

    /// <summary>The C# name of the .NET type that holds <paramref name="elementType"/>, for messages; <see langword="null"/> when none does.</summary>
    public static string? DotnetName(TensorElementType elementType) => elementType switch
    {
        TensorElementType.Float => "float",
        TensorElementType.Int64 => "long",
        TensorElementType.Int32 => "int",
        TensorElementType.Double => "double",
        TensorElementType.UInt8 => "byte",
        TensorElementType.Int8 => "sbyte",
        TensorElementType.Int16 => "short",
        TensorElementType.UInt16 => "ushort",
        TensorElementType.UInt32 => "uint",
        TensorElementType.UInt64 => "ulong",
        TensorElementType.Bool => "bool",
        TensorElementType.Float16 => "Half",
        TensorElementType.BFloat16 => "BFloat16",
        ElementTypes.Float8E4M3FN => "Float8E4M3FN",
        ElementTypes.Float8E4M3FNUZ => "Float8E4M3FNUZ",
        ElementTypes.Float8E5M2 => "Float8E5M2",
        ElementTypes.Float8E5M2FNUZ => "Float8E5M2FNUZ",
        ElementTypes.Int4 => "Int4x2",
        ElementTypes.UInt4 => "UInt4x2",
        _ => null,
    };

    /// <summary>A new tensor of <paramref name="elementType"/> over <paramref name="memory"/> (owned by it from here).</summary>
    internal static OnnxTensor Over(TensorElementType elementType, NativeTensorMemory memory, long[] shape, BufferDevice device) => elementType switch
    {
        TensorElementType.Float => new OnnxTensor<float>(memory, shape, device),
        TensorElementType.Int64 => new OnnxTensor<long>(memory, shape, device),
        TensorElementType.Int32 => new OnnxTensor<int>(memory, shape, device),
        TensorElementType.Double => new OnnxTensor<double>(memory, shape, device),
        TensorElementType.UInt8 => new OnnxTensor<byte>(memory, shape, device),
        TensorElementType.Int8 => new OnnxTensor<sbyte>(memory, shape, device),
        TensorElementType.Int16 => new OnnxTensor<short>(memory, shape, device),
        TensorElementType.UInt16 => new OnnxTensor<ushort>(memory, shape, device),
        TensorElementType.UInt32 => new OnnxTensor<uint>(memory, shape, device),
        TensorElementType.UInt64 => new OnnxTensor<ulong>(memory, shape, device),
        TensorElementType.Bool => new OnnxTensor<bool>(memory, shape, device),
        TensorElementType.Float16 => new OnnxTensor<Half>(memory, shape, device),
        TensorElementType.BFloat16 => new OnnxTensor<BFloat16>(memory, shape, device),
        ElementTypes.Float8E4M3FN => new OnnxTensor<Float8E4M3FN>(memory, shape, device),
        ElementTypes.Float8E4M3FNUZ => new OnnxTensor<Float8E4M3FNUZ>(memory, shape, device),
        ElementTypes.Float8E5M2 => new OnnxTensor<Float8E5M2>(memory, shape, device),
        ElementTypes.Float8E5M2FNUZ => new OnnxTensor<Float8E5M2FNUZ>(memory, shape, device),
        ElementTypes.Int4 => new OnnxTensor<Int4x2>(memory, shape, device),
        ElementTypes.UInt4 => new OnnxTensor<UInt4x2>(memory, shape, device),
        _ => throw new NotSupportedException($"Element type {ElementTypes.OnnxName(elementType)} has no .NET type the typed front-end binds."),
    };
}
