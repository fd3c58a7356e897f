using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// Whether, and on which device, a session takes CUDA inputs. Pure decisions, so every branch is unit-tested without a
/// GPU; <see cref="SessionInputs"/> feeds them what the session reports.
/// </summary>
internal static class CudaInputs
{
    /// <summary>
    /// Decides whether a session takes CUDA inputs. From its execution providers when they are known (a session this
    /// runtime opened), as the Python original does: any GPU provider (even when every input happens to be consumed on
    /// the CPU, such as a model of shape inputs). Otherwise from what the session reports: the providers placed on its
    /// inputs and the memory its inputs are read from. Nothing reported counts as yes, so ONNX Runtime has the last word.
    /// </summary>
    public static bool Decide(IReadOnlyList<string>? sessionProviders, IReadOnlyList<string?> inputProviders, IReadOnlyList<OrtMemoryInfoDeviceType> inputMemory)
    {
        if (sessionProviders is not null)
        {
            foreach (string provider in sessionProviders)
                if (ProviderCatalog.TakesCudaMemory(provider)) return true;
            return false;
        }
        bool anyKnown = false;
        foreach (string? provider in inputProviders)
        {
            if (string.IsNullOrEmpty(provider)) continue;
            anyKnown = true;
            if (ProviderCatalog.TakesCudaMemory(provider!)) return true;
        }
        foreach (OrtMemoryInfoDeviceType memory in inputMemory)
        {
            anyKnown = true;
            if (memory == OrtMemoryInfoDeviceType.GPU) return true;
        }
        return !anyKnown;
    }

    /// <summary>
    /// Throws <see cref="OnnxInputException"/> naming input <paramref name="inputName"/> when the session cannot read it on
    /// <paramref name="device"/>, a CUDA device: the session has no GPU execution provider, or runs on another device
    /// (<see cref="CheckDevice"/>).
    /// </summary>
    public static void CheckSessionReads(string inputName, BufferDevice device, bool sessionAcceptsCuda, int? sessionCudaDevice)
    {
        if (!sessionAcceptsCuda)
            throw new OnnxInputException(inputName, "cpu (the session has no GPU execution provider)", device.ToString(),
                $"Input '{inputName}' is on {device}, but this session has no GPU execution provider: " +
                "give inputs in host memory (on the CPU), or create the session with the CUDA or TensorRT provider.");
        CheckDevice(inputName, device, sessionCudaDevice);
    }

    /// <summary>
    /// Throws <see cref="OnnxInputException"/> when CUDA inputs are on another device than the one the session consumes
    /// them on: ONNX Runtime would copy them between devices at every bind (cuda:1 tensors on a device-0 session).
    /// </summary>
    public static void CheckDevice(string inputName, BufferDevice inputs, int? sessionCudaDevice)
    {
        if (!inputs.IsCuda || sessionCudaDevice is not int session || session == inputs.Index) return;
        var expected = BufferDevice.Cuda(session);
        throw new OnnxInputException(inputName, expected.ToString(), inputs.ToString(),
            $"The inputs are on {inputs}, but the session runs on {expected}: move the inputs to {expected}, or open the model for {inputs}.");
    }

    /// <summary>
    /// The CUDA device to check inputs against: the one the session consumes its inputs on; when it consumes none on a
    /// GPU (a model of shape inputs, all read on the CPU), the CUDA device the session was opened for, if this runtime
    /// opened it. Without either (a session opened elsewhere reading every input on the CPU) there is nothing to check
    /// against, and ONNX Runtime copies between devices as needed (docs/cuda.md, N9).
    /// </summary>
    public static int? SessionDevice(int? consumedOn, BufferDevice? openedFor) =>
        consumedOn ?? (openedFor is { IsCuda: true } device ? device.Index : null);
}
