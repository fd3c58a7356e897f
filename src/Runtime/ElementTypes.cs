using System;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// The element types both ONNX Runtime and TorchSharp have, and how they map. TorchSharp 0.107 has
/// no uint16/uint32/uint64 dtype: ONNX tensors of those types are carried in the signed torch dtype
/// of the same width (int16/int32/int64) with the same bits, so values above the signed maximum
/// read as negative in torch. Strings and complex types cannot be bound.
/// </summary>
public static class ElementTypes
{
    /// <summary>The TorchSharp dtype for an ONNX element type, or <see langword="null"/> when TorchSharp has none.</summary>
    public static torch.ScalarType? ToTorch(TensorElementType type) => type switch
    {
        TensorElementType.Float => torch.ScalarType.Float32,
        TensorElementType.Double => torch.ScalarType.Float64,
        TensorElementType.Float16 => torch.ScalarType.Float16,
        TensorElementType.BFloat16 => torch.ScalarType.BFloat16,
        TensorElementType.Int8 => torch.ScalarType.Int8,
        TensorElementType.Int16 => torch.ScalarType.Int16,
        TensorElementType.Int32 => torch.ScalarType.Int32,
        TensorElementType.Int64 => torch.ScalarType.Int64,
        TensorElementType.UInt8 => torch.ScalarType.Byte,
        TensorElementType.Bool => torch.ScalarType.Bool,
        TensorElementType.UInt16 => torch.ScalarType.Int16,
        TensorElementType.UInt32 => torch.ScalarType.Int32,
        TensorElementType.UInt64 => torch.ScalarType.Int64,
        _ => null,
    };

    /// <summary>True for the unsigned types carried bit for bit in a signed torch dtype of the same width.</summary>
    public static bool IsCarriedBySignedDtype(TensorElementType type) =>
        type is TensorElementType.UInt16 or TensorElementType.UInt32 or TensorElementType.UInt64;

    /// <summary>The ONNX element type for a TorchSharp dtype, or <see langword="null"/> when ONNX Runtime cannot bind it.</summary>
    public static TensorElementType? ToOnnx(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Float32 => TensorElementType.Float,
        torch.ScalarType.Float64 => TensorElementType.Double,
        torch.ScalarType.Float16 => TensorElementType.Float16,
        torch.ScalarType.BFloat16 => TensorElementType.BFloat16,
        torch.ScalarType.Int8 => TensorElementType.Int8,
        torch.ScalarType.Int16 => TensorElementType.Int16,
        torch.ScalarType.Int32 => TensorElementType.Int32,
        torch.ScalarType.Int64 => TensorElementType.Int64,
        torch.ScalarType.Byte => TensorElementType.UInt8,
        torch.ScalarType.Bool => TensorElementType.Bool,
        _ => null,
    };

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

    /// <summary>The name of a TorchSharp dtype in the same vocabulary as <see cref="OnnxName"/>.</summary>
    public static string TorchName(torch.ScalarType type) =>
        ToOnnx(type) is { } onnx ? OnnxName(onnx) : type.ToString().ToLowerInvariant();

    /// <summary>Bytes per element of a bindable element type.</summary>
    internal static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 => 8,
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Float16 or TensorElementType.BFloat16 or TensorElementType.Int16 or TensorElementType.UInt16 => 2,
        TensorElementType.Int8 or TensorElementType.UInt8 or TensorElementType.Bool => 1,
        _ => throw new NotSupportedException($"Element type {OnnxName(type)} cannot be bound to a TorchSharp tensor."),
    };
}
