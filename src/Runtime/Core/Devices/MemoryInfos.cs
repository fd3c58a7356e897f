using System;
using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// The ONNX Runtime memory description for buffers on a device: ONNX Runtime's default CPU info, or one CUDA
/// device-allocator info per ordinal, created once and kept for the process (the binding cache compares them by reference).
/// </summary>
internal static class MemoryInfos
{
    private static readonly ConcurrentDictionary<int, OrtMemoryInfo> Cuda = new();

    public static OrtMemoryInfo For(BufferDevice device) => device.Kind switch
    {
        BufferDeviceKind.Cpu => OrtMemoryInfo.DefaultInstance,
        BufferDeviceKind.Cuda => Cuda.GetOrAdd(device.Index,
            i => new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, i, OrtMemType.Default)),
        _ => throw new NotSupportedException($"Buffers on {device} cannot be bound to ONNX Runtime."),
    };
}
