using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// An ONNX Runtime session opened for a device, with the execution providers that device needs, and the device its
/// buffers must live on. When a CUDA device is requested but no GPU provider can run (none requested, or it cannot be
/// registered on this machine), the session falls back to the CPU with a logged warning, or opening fails, per
/// <see cref="DeviceFallback"/>. Owns its session: disposing this disposes it.
/// </summary>
public sealed class DeviceSession : IDisposable
{
    private DeviceSession(InferenceSession session, DeviceAlignmentDecision decision, IReadOnlyList<string> providers)
    {
        Session = session;
        Decision = decision;
        Providers = providers;
    }

    /// <summary>The open session; owned by this object (or by whoever took it over, such as a <c>BoundSession</c>).</summary>
    public InferenceSession Session { get; }

    /// <summary>The effective device: where inputs go and outputs come back. The requested one, or the CPU after a fallback.</summary>
    public BufferDevice Device => Decision.EffectiveDevice;

    /// <summary>The execution providers the session was created with, highest priority first.</summary>
    public IReadOnlyList<string> Providers { get; }

    /// <summary>The device decision, with the warning that was logged when the model fell back to the CPU.</summary>
    public DeviceAlignmentDecision Decision { get; }

    /// <summary>
    /// Opens <paramref name="modelPath"/> for <paramref name="requested"/>. Providers are configured by
    /// <see cref="OnnxSessionOptions"/>; if registering a GPU provider or creating the session with it fails, the
    /// session is created again without it and <see cref="DeviceAlignment.Decide"/> settles the device.
    /// </summary>
    /// <param name="modelPath">The <c>.onnx</c> file.</param>
    /// <param name="requested">The device the caller wants buffers on.</param>
    /// <param name="providers">Provider names, highest priority first; <see langword="null"/> for <see cref="ProviderLists.DefaultProviders"/> (CUDA then CPU for a CUDA device, CPU otherwise).</param>
    /// <param name="fallback">What to do when a CUDA device cannot be served: use the CPU with a warning (default) or throw.</param>
    /// <param name="logger">Receives the fallback and TensorRT engine-cache warnings; <see langword="null"/> writes the fallback warning to standard error.</param>
    /// <param name="modelPackagePath">The TensorRT engine cache folder; <see langword="null"/> for the model file's folder.</param>
    /// <param name="enableFp16">TensorRT only: allow fp16 kernels.</param>
    /// <param name="defaultTensorRtOptions">Configure TensorRT (engine cache, fp16, device) or leave it at ONNX Runtime's defaults.</param>
    /// <param name="configure">Sets other session options (threads, optimization level...) before providers are appended; called once per attempt.</param>
    /// <param name="providerOptions">Options per provider name, passed to ONNX Runtime as they are (see <see cref="OnnxSessionOptions"/>).</param>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="ArgumentException">A provider name is unknown or repeated.</exception>
    /// <exception cref="OnnxDeviceUnavailableException">A CUDA device cannot be served and <paramref name="fallback"/> is <see cref="DeviceFallback.Fail"/>.</exception>
    /// <exception cref="OnnxRuntimeException">The session cannot be created even without GPU providers (the model itself is the problem).</exception>
    public static DeviceSession Open(
        string modelPath,
        BufferDevice requested,
        IEnumerable<string>? providers = null,
        DeviceFallback fallback = DeviceFallback.UseCpu,
        ILogger? logger = null,
        string? modelPackagePath = null,
        bool enableFp16 = true,
        bool defaultTensorRtOptions = true,
        Action<SessionOptions>? configure = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? providerOptions = null)
    {
        if (modelPath is null) throw new ArgumentNullException(nameof(modelPath));
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"The model file '{modelPath}' does not exist.", modelPath);
        string packagePath = modelPackagePath ?? Path.GetDirectoryName(Path.GetFullPath(modelPath))!;

        IReadOnlyList<ExecutionProviderPlan> plan = OnnxSessionOptions.Plan(
            providers ?? ProviderLists.DefaultProviders(requested), packagePath, requested, enableFp16, defaultTensorRtOptions, providerOptions: providerOptions);
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
            catch (ExecutionProviderUnavailableException e) when (ProviderLists.IsGpuProvider(e.ProviderName))
            {
                // Registration failed (e.g. CUDA libraries missing): drop that provider only, keep any other GPU provider.
                gpuFailure = e;
                current = ProviderLists.WithoutProvider(current, e.ProviderName);
            }
            catch (OnnxRuntimeException e) when (current.Any(p => ProviderLists.IsGpuProvider(p.Name)))
            {
                // Registered, but the session could not be created with it (e.g. no device): drop every GPU provider.
                gpuFailure = e;
                current = ProviderLists.WithoutGpuProviders(current);
            }
            names = current.Select(p => p.Name).ToArray();
            decision = DeviceAlignment.Decide(requested, names, fallback, gpuFailure);
        }

        if (gpuFailure is not null && decision.Warning is null)
            Warn(logger, $"A GPU execution provider could not be used ({OnnxSessionOptions.FirstLine(gpuFailure.Message)}); " +
                $"the session runs with {string.Join(", ", names)}.");
        if (decision.Warning is not null) Warn(logger, decision.Warning);
        if (decision.FellBack) CallMetrics.FellBack(requested);
        return new DeviceSession(session, decision, names);
    }

    // A device fallback must never pass unseen: with no logger it goes to standard error, one line.
    private static void Warn(ILogger? logger, string warning)
    {
        if (logger is not null) logger.LogWarning("{Warning}", warning);
        else Console.Error.WriteLine("OnnxTyped warning: " + warning);
    }

    private static InferenceSession CreateSession(string modelPath, IReadOnlyList<ExecutionProviderPlan> plan, Action<SessionOptions>? configure)
    {
        using SessionOptions options = OnnxSessionOptions.Build(plan, configure);
        return new InferenceSession(modelPath, options);
    }

    /// <summary>Disposes the session.</summary>
    public void Dispose() => Session.Dispose();
}
