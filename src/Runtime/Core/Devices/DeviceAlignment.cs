using System;
using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped;

/// <summary>
/// Keeps the device a model is asked to run on in line with what its ONNX Runtime session can read. A C# port of
/// Roboflow inference-models' <c>align_device_with_onnx_session</c>; pure, so every branch is unit-tested without a
/// GPU. <see cref="DeviceSession.Open"/> applies it.
/// </summary>
public static class DeviceAlignment
{
    /// <summary>
    /// Decides the effective device. A CPU request is kept as is. A CUDA request is kept when a GPU provider (CUDA,
    /// TensorRT) is in effect; otherwise it becomes the CPU with a warning (<see cref="DeviceFallback.UseCpu"/>) or an
    /// error (<see cref="DeviceFallback.Fail"/>).
    /// </summary>
    /// <param name="requested">The device the model was asked to run on.</param>
    /// <param name="providersInEffect">The execution providers the session runs with, highest priority first.</param>
    /// <param name="fallback">What to do when the request cannot be met.</param>
    /// <param name="gpuRegistrationFailure">Why a requested GPU provider could not be registered, if that happened; named in the warning or error.</param>
    /// <exception cref="OnnxDeviceUnavailableException">A CUDA device was requested, no GPU provider is in effect, and <paramref name="fallback"/> is <see cref="DeviceFallback.Fail"/>.</exception>
    public static DeviceAlignmentDecision Decide(
        BufferDevice requested, IReadOnlyList<string> providersInEffect, DeviceFallback fallback, Exception? gpuRegistrationFailure = null)
    {
        if (providersInEffect is null) throw new ArgumentNullException(nameof(providersInEffect));
        if (fallback != DeviceFallback.UseCpu && fallback != DeviceFallback.Fail)
            throw new ArgumentOutOfRangeException(nameof(fallback), fallback, "Use DeviceFallback.UseCpu or DeviceFallback.Fail.");

        if (!requested.IsCuda || providersInEffect.Any(ProviderLists.IsGpuProvider))
            return new DeviceAlignmentDecision(requested, null);

        string providers = providersInEffect.Count == 0 ? "ONNX Runtime's default CPU provider" : string.Join(", ", providersInEffect);
        string why = gpuRegistrationFailure is null
            ? ""
            : $" (the GPU provider could not be registered: {OnnxSessionOptions.FirstLine(gpuRegistrationFailure.Message)})";
        if (fallback == DeviceFallback.Fail)
            throw new OnnxDeviceUnavailableException(requested.ToString(), providersInEffect.ToArray(),
                $"The model was requested on {requested}, but its ONNX Runtime session runs only CPU execution providers ({providers}){why}, " +
                "so it cannot take GPU tensors. Request a GPU execution provider this machine can load, open the model on the CPU, " +
                "or allow the CPU fallback (DeviceFallback.UseCpu).",
                gpuRegistrationFailure);
        return new DeviceAlignmentDecision(BufferDevice.Cpu,
            $"The model was requested on {requested}, but its ONNX Runtime session runs only CPU execution providers ({providers}){why}: " +
            "falling back to CPU tensors for this model.");
    }
}
