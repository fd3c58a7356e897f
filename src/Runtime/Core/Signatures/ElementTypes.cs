using System;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>ONNX element types as users read them, and their sizes in memory.</summary>
public static class ElementTypes
{
    /// <summary>The ONNX name of an element type as users see it: <c>float32</c>, <c>int64</c>, <c>bool</c>...</summary>
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
        _ => type.ToString(),
    };

    /// <summary>Bytes per element of a fixed-size element type; strings and unknown types have none.</summary>
    internal static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Complex128 => 16,
        TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Complex64 => 8,
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Float16 or TensorElementType.BFloat16 or TensorElementType.Int16 or TensorElementType.UInt16 => 2,
        TensorElementType.Int8 or TensorElementType.UInt8 or TensorElementType.Bool => 1,
        _ => throw new NotSupportedException($"Element type {OnnxName(type)} has no fixed size, so it cannot be bound by address."),
    };
}
