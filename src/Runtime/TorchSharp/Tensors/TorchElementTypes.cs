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
public static class TorchElementTypes
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

    /// <summary>The name of a TorchSharp dtype in the same vocabulary as <see cref="ElementTypes.OnnxName"/>.</summary>
    public static string TorchName(torch.ScalarType type) =>
        ToOnnx(type) is { } onnx ? ElementTypes.OnnxName(onnx) : type.ToString().ToLowerInvariant();

    /// <summary>
    /// The dtype a declared input or output is bound as; throws <see cref="NotSupportedException"/> naming it when it
    /// is not a tensor or no TorchSharp dtype holds its element type.
    /// </summary>
    internal static torch.ScalarType Bindable(TensorSignature declared, string role)
    {
        SessionPlan.EnsureTensor(declared, role);
        return ToTorch(declared.ElementType) ?? throw new NotSupportedException(
            $"The model's {role} '{declared.Name}' has element type {ElementTypes.OnnxName(declared.ElementType)}, which no TorchSharp dtype can hold: run the model " +
            "through the torch-free front-end instead (the generated class's Run, or ModelSession.Run with OnnxTensor<T>).");
    }
}
