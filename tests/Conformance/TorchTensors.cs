using System;
using TorchSharp;

namespace OnnxTyped.Conformance;

/// <summary>Copies <see cref="TensorData"/> into TorchSharp tensors and back.</summary>
internal static class TorchTensors
{
    /// <summary>A new CPU tensor holding <paramref name="data"/>.</summary>
    /// <exception cref="NotSupportedException">TorchSharp has no dtype for the element type.</exception>
    public static torch.Tensor ToTorch(TensorData data)
    {
        torch.ScalarType dtype = OnnxTyped.TorchElementTypes.ToTorch(data.ElementType)
            ?? throw new NotSupportedException($"TorchSharp has no dtype for {OnnxTyped.ElementTypes.OnnxName(data.ElementType)}");
        torch.Tensor tensor = torch.empty(data.Shape, dtype);
        if (data.Bytes.Length > 0) tensor.bytes = data.Bytes;
        return tensor;
    }

    /// <summary>The values of <paramref name="tensor"/>, copied to the CPU.</summary>
    public static TensorData FromTorch(torch.Tensor tensor) => FromTorch(tensor, declared: null);

    /// <summary>
    /// The values of <paramref name="tensor"/>, copied to the CPU and labelled with the model's <paramref name="declared"/>
    /// type when the tensor has the dtype the runtime maps it to (uint16/32/64 travel in int16/32/64 with the same bits).
    /// </summary>
    public static TensorData FromTorch(torch.Tensor tensor, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType? declared)
    {
        var type = declared is { } d && OnnxTyped.TorchElementTypes.ToTorch(d) == tensor.dtype
            ? d
            : OnnxTyped.TorchElementTypes.ToOnnx(tensor.dtype) ?? throw new NotSupportedException($"the output has dtype {tensor.dtype}, which ONNX cannot hold");
        torch.Tensor cpu = tensor.device_type == DeviceType.CPU ? tensor : tensor.cpu();
        if (!cpu.is_contiguous()) cpu = cpu.contiguous();
        byte[] bytes = cpu.numel() == 0 ? Array.Empty<byte>() : cpu.bytes.ToArray();
        return new TensorData(type, cpu.shape, bytes);
    }
}
