using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Keeps the torch device a model is asked to run on in line with what its ONNX Runtime session can
/// read. A C# port of Roboflow inference-models' <c>align_device_with_onnx_session</c>; pure, so every
/// branch is unit-tested without a GPU. <see cref="SessionDevice.Open"/> applies it.
/// </summary>
public static class DeviceAlignment
{
    private static readonly ExecutionProviderPlan[] CpuOnly =
        { new(ExecutionProviderNames.Cpu, Array.Empty<KeyValuePair<string, string>>()) };

    /// <summary>
    /// Decides the effective device. A non-CUDA request is kept as is. A CUDA request is kept when a GPU
    /// provider (CUDA, TensorRT) is in effect; otherwise it becomes the CPU with a warning
    /// (<see cref="DeviceFallback.UseCpu"/>) or an error (<see cref="DeviceFallback.Fail"/>).
    /// </summary>
    /// <param name="requested">The device the model was asked to run on.</param>
    /// <param name="providersInEffect">The execution providers the session runs with, highest priority first.</param>
    /// <param name="fallback">What to do when the request cannot be met.</param>
    /// <param name="gpuRegistrationFailure">Why a requested GPU provider could not be registered, if that happened; named in the warning or error.</param>
    /// <exception cref="OnnxDeviceUnavailableException">A CUDA device was requested, no GPU provider is in effect, and <paramref name="fallback"/> is <see cref="DeviceFallback.Fail"/>.</exception>
    public static DeviceAlignmentDecision Decide(
        torch.Device requested, IReadOnlyList<string> providersInEffect, DeviceFallback fallback, Exception? gpuRegistrationFailure = null)
    {
        if (requested is null) throw new ArgumentNullException(nameof(requested));
        if (providersInEffect is null) throw new ArgumentNullException(nameof(providersInEffect));
        if (fallback != DeviceFallback.UseCpu && fallback != DeviceFallback.Fail)
            throw new ArgumentOutOfRangeException(nameof(fallback), fallback, "Use DeviceFallback.UseCpu or DeviceFallback.Fail.");

        if (requested.type != DeviceType.CUDA || providersInEffect.Any(DevicePlacement.IsGpuProvider))
            return new DeviceAlignmentDecision(requested, null);

        string device = DevicePlacement.Describe(requested.type, requested.index);
        string providers = providersInEffect.Count == 0 ? "ONNX Runtime's default CPU provider" : string.Join(", ", providersInEffect);
        string why = gpuRegistrationFailure is null
            ? ""
            : $" (the GPU provider could not be registered: {OnnxSessionOptions.FirstLine(gpuRegistrationFailure.Message)})";
        if (fallback == DeviceFallback.Fail)
            throw new OnnxDeviceUnavailableException(device, providersInEffect.ToArray(),
                $"The model was requested on {device}, but its ONNX Runtime session runs only CPU execution providers ({providers}){why}, " +
                "so it cannot take GPU tensors. Request a GPU execution provider this machine can load, open the model on the CPU, " +
                "or allow the CPU fallback (DeviceFallback.UseCpu).",
                gpuRegistrationFailure);
        return new DeviceAlignmentDecision(torch.CPU,
            $"The model was requested on {device}, but its ONNX Runtime session runs only CPU execution providers ({providers}){why}: " +
            "falling back to CPU tensors for this model.");
    }

    /// <summary>
    /// The plan to retry with when a GPU provider could not be registered: the same providers without the GPU
    /// ones, or the CPU provider alone when nothing else is left.
    /// </summary>
    public static IReadOnlyList<ExecutionProviderPlan> WithoutGpuProviders(IReadOnlyList<ExecutionProviderPlan> plan)
    {
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        ExecutionProviderPlan[] rest = plan.Where(p => !DevicePlacement.IsGpuProvider(p.Name)).ToArray();
        return rest.Length > 0 ? rest : CpuOnly;
    }

    /// <summary>
    /// The plan without the provider named <paramref name="providerName"/> (one that could not be registered), or the
    /// CPU provider alone when nothing else is left.
    /// </summary>
    public static IReadOnlyList<ExecutionProviderPlan> WithoutProvider(IReadOnlyList<ExecutionProviderPlan> plan, string providerName)
    {
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        ExecutionProviderPlan[] rest = plan.Where(p => p.Name != providerName).ToArray();
        return rest.Length > 0 ? rest : CpuOnly;
    }

    /// <summary>The providers to ask for when the caller names none: CUDA then CPU for a CUDA device, the CPU alone otherwise.</summary>
    public static IReadOnlyList<string> DefaultProviders(torch.Device device)
    {
        if (device is null) throw new ArgumentNullException(nameof(device));
        return device.type == DeviceType.CUDA
            ? new[] { ExecutionProviderNames.Cuda, ExecutionProviderNames.Cpu }
            : new[] { ExecutionProviderNames.Cpu };
    }
}
