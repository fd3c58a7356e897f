using System;
using System.Collections.Generic;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Torch devices as the binding core sees them (<see cref="BufferDevice"/>), and the device facts of a call's inputs:
/// one common device, and one ONNX Runtime can bind.
/// </summary>
public static class TorchDevices
{
    /// <summary>The core's device for a torch device: <c>cpu</c>, or <c>cuda</c> with its ordinal (0 when none is given).</summary>
    /// <exception cref="NotSupportedException">Any other device type: ONNX Runtime binds CPU and CUDA memory only.</exception>
    public static BufferDevice ToBufferDevice(this torch.Device device)
    {
        if (device is null) throw new ArgumentNullException(nameof(device));
        return device.type switch
        {
            DeviceType.CPU => BufferDevice.Cpu,
            DeviceType.CUDA => BufferDevice.Cuda(Math.Max(device.index, 0)),
            _ => throw new NotSupportedException($"Tensors on {Describe(device.type, device.index)} cannot be bound to ONNX Runtime: only CPU and CUDA can."),
        };
    }

    /// <summary>The torch device for a core device.</summary>
    public static torch.Device ToTorch(this BufferDevice device) =>
        device.IsCuda ? new torch.Device(DeviceType.CUDA, device.Index) : torch.CPU;

    /// <summary>A device as users read it: <c>cpu</c>, <c>cuda:0</c>, <c>meta:0</c>.</summary>
    internal static string Describe(DeviceType type, int index) =>
        type == DeviceType.CPU ? "cpu" : $"{type.ToString().ToLowerInvariant()}:{Math.Max(index, 0)}";

    /// <summary>
    /// The one device all inputs are on, which ONNX Runtime must be able to bind. Throws naming the first input on a
    /// different device than the first input and both devices, or the input on a device that cannot be bound.
    /// </summary>
    internal static BufferDevice Common(IReadOnlyList<string> names, IReadOnlyList<(DeviceType Type, int Index)> devices)
    {
        if (devices.Count == 0)
            throw new ArgumentException("No inputs were given: at least one input tensor is needed to know which device to run on.", "inputs");
        (DeviceType Type, int Index) first = Normalize(devices[0]);
        for (int i = 1; i < devices.Count; i++)
        {
            (DeviceType Type, int Index) current = Normalize(devices[i]);
            if (current == first) continue;
            string expected = Describe(first.Type, first.Index), actual = Describe(current.Type, current.Index);
            throw new OnnxInputException(names[i], expected, actual,
                $"Input '{names[i]}' is on {actual}, but input '{names[0]}' is on {expected}: all inputs must be on one device.");
        }
        if (first.Type != DeviceType.CPU && first.Type != DeviceType.CUDA)
            throw new OnnxInputException(names[0], "cpu or cuda", Describe(first.Type, first.Index),
                $"Input '{names[0]}' is on {Describe(first.Type, first.Index)}; only CPU and CUDA tensors can be bound to ONNX Runtime.");
        return first.Type == DeviceType.CUDA ? BufferDevice.Cuda(first.Index) : BufferDevice.Cpu;
    }

    // A CPU tensor reports index -1 or 0 depending on how it was made; CPU has one device.
    private static (DeviceType, int) Normalize((DeviceType Type, int Index) device) =>
        device.Type == DeviceType.CPU ? (DeviceType.CPU, 0) : (device.Type, Math.Max(device.Index, 0));
}
