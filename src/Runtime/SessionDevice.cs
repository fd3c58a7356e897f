using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Opens a model for a requested torch device with the execution providers that device needs, and
/// settles the device its tensors must live on: when a CUDA device is requested but no GPU provider
/// can run (none requested, or it cannot be registered on this machine), the model falls back to the
/// CPU with a logged warning, or fails, per <see cref="DeviceFallback"/>.
/// </summary>
public static class SessionDevice
{
    /// <summary>
    /// Opens <paramref name="modelPath"/> for <paramref name="requested"/>. Providers are configured by
    /// <see cref="OnnxSessionOptions"/>; if registering a GPU provider or creating the session with it fails, the
    /// session is created again with the remaining (CPU) providers and <see cref="DeviceAlignment.Decide"/> settles
    /// the device. The caller owns the returned session.
    /// </summary>
    /// <param name="modelPath">The <c>.onnx</c> file.</param>
    /// <param name="requested">The device the caller wants tensors on (<c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>...).</param>
    /// <param name="providers">Provider names, highest priority first; <see langword="null"/> for <see cref="DeviceAlignment.DefaultProviders"/> (CUDA then CPU for a CUDA device, CPU otherwise).</param>
    /// <param name="fallback">What to do when a CUDA device cannot be served: use the CPU with a warning (default) or throw.</param>
    /// <param name="logger">Receives the fallback and TensorRT engine-cache warnings; <see langword="null"/> for none.</param>
    /// <param name="modelPackagePath">The TensorRT engine cache folder; <see langword="null"/> for the model file's folder.</param>
    /// <param name="enableFp16">TensorRT only: allow fp16 kernels.</param>
    /// <param name="defaultTensorRtOptions">Configure TensorRT (engine cache, fp16, device) or leave it at ONNX Runtime's defaults.</param>
    /// <param name="configure">Sets other session options (threads, optimization level...) before providers are appended; called once per attempt.</param>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="ArgumentException">A provider name is unknown or repeated.</exception>
    /// <exception cref="OnnxDeviceUnavailableException">A CUDA device cannot be served and <paramref name="fallback"/> is <see cref="DeviceFallback.Fail"/>.</exception>
    /// <exception cref="OnnxRuntimeException">The session cannot be created even without GPU providers (the model itself is the problem).</exception>
    public static AlignedSession Open(
        string modelPath,
        torch.Device requested,
        IEnumerable<string>? providers = null,
        DeviceFallback fallback = DeviceFallback.UseCpu,
        ILogger? logger = null,
        string? modelPackagePath = null,
        bool enableFp16 = true,
        bool defaultTensorRtOptions = true,
        Action<SessionOptions>? configure = null)
    {
        if (modelPath is null) throw new ArgumentNullException(nameof(modelPath));
        if (requested is null) throw new ArgumentNullException(nameof(requested));
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"The model file '{modelPath}' does not exist.", modelPath);
        string packagePath = modelPackagePath ?? Path.GetDirectoryName(Path.GetFullPath(modelPath))!;

        IReadOnlyList<ExecutionProviderPlan> plan = OnnxSessionOptions.Plan(
            providers ?? DeviceAlignment.DefaultProviders(requested), packagePath, requested, enableFp16, defaultTensorRtOptions);
        OnnxSessionOptions.WarnIfTensorRtEngineMissing(plan, packagePath, logger);

        // Decide before creating anything: a CUDA request with no GPU provider asked for fails (or falls back) right here.
        IReadOnlyList<string> names = plan.Select(p => p.Name).ToArray();
        DeviceAlignmentDecision decision = DeviceAlignment.Decide(requested, names, fallback);
        InferenceSession session;
        IReadOnlyList<ExecutionProviderPlan> current = plan;
        Exception? gpuFailure = null;
        while (true)
        {
            // Each retry drops at least one GPU provider, so this ends; a CPU-only failure is the model's and surfaces as is.
            try
            {
                session = CreateSession(modelPath, current, configure);
                break;
            }
            catch (ExecutionProviderUnavailableException e) when (DevicePlacement.IsGpuProvider(e.ProviderName))
            {
                // Registration failed (e.g. CUDA libraries missing): drop that provider only, keep any other GPU provider.
                gpuFailure = e;
                current = DeviceAlignment.WithoutProvider(current, e.ProviderName);
            }
            catch (OnnxRuntimeException e) when (current.Any(p => DevicePlacement.IsGpuProvider(p.Name)))
            {
                // Registered, but the session could not be created with it (e.g. no device): drop every GPU provider.
                gpuFailure = e;
                current = DeviceAlignment.WithoutGpuProviders(current);
            }
            names = current.Select(p => p.Name).ToArray();
            decision = DeviceAlignment.Decide(requested, names, fallback, gpuFailure);
        }

        if (gpuFailure is not null && decision.Warning is null)
            logger?.LogWarning(
                "A GPU execution provider could not be used ({Reason}); the session runs with {Providers}.",
                OnnxSessionOptions.FirstLine(gpuFailure.Message), string.Join(", ", names));
        if (decision.Warning is not null) logger?.LogWarning("{Warning}", decision.Warning);
        return new AlignedSession(session, decision.EffectiveDevice, names, decision);
    }

    private static InferenceSession CreateSession(string modelPath, IReadOnlyList<ExecutionProviderPlan> plan, Action<SessionOptions>? configure)
    {
        using SessionOptions options = OnnxSessionOptions.Build(plan, configure);
        return new InferenceSession(modelPath, options);
    }
}
