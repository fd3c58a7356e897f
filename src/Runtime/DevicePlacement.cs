using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Device decisions, kept small and pure so they are unit-tested on machines without a GPU
/// (the CUDA paths cannot run here). The runner only calls these.
/// </summary>
public static class DevicePlacement
{
    private static readonly ConcurrentDictionary<int, OrtMemoryInfo> CudaMemoryInfos = new();

    /// <summary>A device as users read it: <c>cpu</c>, <c>cuda:0</c>.</summary>
    public static string Describe(DeviceType type, int index) =>
        type == DeviceType.CPU ? "cpu" : $"{type.ToString().ToLowerInvariant()}:{Math.Max(index, 0)}";

    /// <summary>
    /// The one device all inputs are on. Throws naming the first input on a different device than
    /// the first input, and both devices; throws when there are no inputs.
    /// </summary>
    public static (DeviceType Type, int Index) CommonDevice(IReadOnlyList<string> names, IReadOnlyList<(DeviceType Type, int Index)> devices)
    {
        if (devices.Count == 0)
            throw new ArgumentException("No inputs were given: at least one input tensor is needed to know which device to run on.", "inputs");
        (DeviceType Type, int Index) first = Normalize(devices[0]);
        for (int i = 1; i < devices.Count; i++)
        {
            (DeviceType Type, int Index) current = Normalize(devices[i]);
            if (current != first)
            {
                string expected = Describe(first.Type, first.Index), actual = Describe(current.Type, current.Index);
                throw new OnnxInputException(names[i], expected, actual,
                    $"Input '{names[i]}' is on {actual}, but input '{names[0]}' is on {expected}: all inputs must be on one device.");
            }
        }
        return first;
    }

    // A CPU tensor reports index -1 or 0 depending on how it was made; CPU has one device.
    private static (DeviceType, int) Normalize((DeviceType Type, int Index) device) =>
        device.Type == DeviceType.CPU ? (DeviceType.CPU, 0) : (device.Type, Math.Max(device.Index, 0));

    /// <summary>Only CPU and CUDA tensors can be bound; anything else is refused with the device named.</summary>
    public static void EnsureBindable(DeviceType type, int index, string inputName)
    {
        if (type != DeviceType.CPU && type != DeviceType.CUDA)
            throw new OnnxInputException(inputName, "cpu or cuda", Describe(type, index),
                $"Input '{inputName}' is on {Describe(type, index)}; only CPU and CUDA tensors can be bound to ONNX Runtime.");
    }

    /// <summary>
    /// True when torch and ONNX Runtime must wait for each other: ONNX Runtime runs CUDA work on its own stream, so torch's
    /// device is synchronized before the run (inputs written) and ONNX Runtime's outputs after it (before torch reads them).
    /// </summary>
    public static bool NeedsStreamSynchronization(DeviceType type) => type == DeviceType.CUDA;

    /// <summary>
    /// Decides whether a session can take CUDA inputs, from what it reports: the execution
    /// providers placed on its inputs and the memory its inputs live in. Unknown (nothing reported) counts as yes,
    /// so ONNX Runtime itself has the last word.
    /// </summary>
    public static bool SessionAcceptsCuda(IReadOnlyList<string?> inputProviders, IReadOnlyList<OrtMemoryInfoDeviceType> inputMemory)
    {
        bool anyKnown = false;
        foreach (string? provider in inputProviders)
        {
            if (string.IsNullOrEmpty(provider)) continue;
            anyKnown = true;
            if (IsGpuProvider(provider!)) return true;
        }
        foreach (OrtMemoryInfoDeviceType memory in inputMemory)
        {
            anyKnown = true;
            if (memory == OrtMemoryInfoDeviceType.GPU) return true;
        }
        return !anyKnown;
    }

    /// <summary>True for execution providers that take CUDA device memory.</summary>
    public static bool IsGpuProvider(string provider) =>
        provider.StartsWith("CUDA", StringComparison.OrdinalIgnoreCase) || provider.StartsWith("Tensorrt", StringComparison.OrdinalIgnoreCase) ||
        provider.StartsWith("NvTensorRT", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The ONNX Runtime memory description for tensors on a torch device. CPU uses ORT's default
    /// CPU info; CUDA one device allocator per index, created once and kept for the process.
    /// </summary>
    public static OrtMemoryInfo MemoryInfoFor(DeviceType type, int index) => type switch
    {
        DeviceType.CPU => OrtMemoryInfo.DefaultInstance,
        DeviceType.CUDA => CudaMemoryInfos.GetOrAdd(Math.Max(index, 0),
            i => new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, i, OrtMemType.Default)),
        _ => throw new NotSupportedException($"Tensors on {Describe(type, index)} cannot be bound to ONNX Runtime."),
    };
}
