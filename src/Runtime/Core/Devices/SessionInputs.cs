using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// Where a session consumes each of its inputs, as ONNX Runtime reports it (<c>GetMemoryInfosForInputs</c>: the
/// memory of the allocator the first consuming kernel reads from, exactly what IO binding compares a bound buffer
/// against), and what follows for CUDA inputs. Asked once per session.
/// </summary>
internal sealed class SessionInputs
{
    internal SessionInputs(BufferDevice?[] consumedOn, bool acceptsCuda, int? cudaDevice)
    {
        ConsumedOn = consumedOn;
        AcceptsCuda = acceptsCuda;
        CudaDevice = cudaDevice;
    }

    /// <summary>Per input, the device it is read on; <see langword="null"/> when unknown or not one this runtime binds (another vendor's GPU, pinned host memory).</summary>
    public IReadOnlyList<BufferDevice?> ConsumedOn { get; }

    public bool AcceptsCuda { get; }

    /// <summary>The CUDA ordinal of the first input consumed on a CUDA device, if any.</summary>
    public int? CudaDevice { get; }

    public static SessionInputs Ask(InferenceSession session, int inputCount, IReadOnlyList<string>? providers)
    {
        var consumedOn = new BufferDevice?[inputCount];
        var memory = new List<OrtMemoryInfoDeviceType>();
        var inputProviders = new List<string?>();
        try
        {
            using IDisposableReadOnlyCollection<OrtMemoryInfo> infos = session.GetMemoryInfosForInputs();
            for (int i = 0; i < infos.Count && i < inputCount; i++)
            {
                memory.Add(infos[i].GetDeviceType());
                consumedOn[i] = DeviceOf(infos[i]);
            }
        }
        catch (OnnxRuntimeException)
        {
            // Not reported (an older build): every input is bound afresh each call, and CUDA acceptance is left to ONNX Runtime.
        }
        try
        {
            foreach (OrtEpDevice? ep in session.GetEpDeviceForInputs()) inputProviders.Add(ep?.EpName);
        }
        catch (OnnxRuntimeException)
        {
            // Older builds cannot report providers per input; the memory infos above still tell.
        }
        int? cudaDevice = null;
        foreach (BufferDevice? device in consumedOn)
            if (device is { IsCuda: true } cuda)
            {
                cudaDevice = cuda.Index;
                break;
            }
        return new SessionInputs(consumedOn, CudaInputs.Decide(providers, inputProviders, memory), cudaDevice);
    }

    // ONNX Runtime compares device type, memory type, vendor and ordinal; only host memory of the default kind and
    // NVIDIA device memory are what this runtime's CPU and CUDA buffers are.
    private static BufferDevice? DeviceOf(OrtMemoryInfo info)
    {
        if (info.GetDeviceMemoryType() != OrtDeviceMemoryType.DEFAULT) return null;
        return info.GetDeviceType() switch
        {
            OrtMemoryInfoDeviceType.CPU => BufferDevice.Cpu,
            OrtMemoryInfoDeviceType.GPU when string.Equals(info.Name, "Cuda", StringComparison.Ordinal)
                || info.GetVendorId() == NvidiaVendorId => BufferDevice.Cuda(info.Id),
            _ => null,
        };
    }

    // PCI vendor id ONNX Runtime gives NVIDIA devices (OrtDevice::VendorIds::NVIDIA).
    private const uint NvidiaVendorId = 0x10DE;
}
