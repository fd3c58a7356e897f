using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// Builds <see cref="SessionOptions"/> with execution providers configured the way a model package
/// wants them. A C# port of Roboflow inference-models' <c>set_onnx_execution_provider_defaults</c>,
/// split in two: <see cref="Plan"/> decides (pure, tested exactly) and <see cref="Apply"/> calls ONNX Runtime.
/// </summary>
/// <remarks>
/// Any provider ONNX Runtime's C# API can append is accepted by its ONNX Runtime name (<see cref="ExecutionProviderNames"/>),
/// and any name this ONNX Runtime build offers, with options as key/value pairs passed to ONNX Runtime as they are.
/// Defaults, as in the reference (a caller's options override them):
/// <list type="bullet">
/// <item><c>TensorrtExecutionProvider</c>: engine caching on, the cache in the model package folder, fp16 per
/// <c>enableFp16</c>, and the CUDA device id; with <c>defaultTensorRtOptions: false</c> it gets no defaults at all
/// (ONNX Runtime's own), as in the reference.</item>
/// <item><c>CUDAExecutionProvider</c>: the CUDA device id.</item>
/// <item>Every other provider: the caller's options only.</item>
/// </list>
/// The device id is the ordinal of a CUDA <see cref="BufferDevice"/>; for a CPU device no <c>device_id</c> is set and
/// ONNX Runtime uses device 0. Booleans are written <c>True</c>/<c>False</c> (ONNX Runtime parses 0/1/true/false/True/False).
/// </remarks>
public static class OnnxSessionOptions
{
    /// <summary>The provider option keys this class sets, as ONNX Runtime names them.</summary>
    public static class Keys
    {
        /// <summary>The CUDA device ordinal (CUDA and TensorRT).</summary>
        public const string DeviceId = "device_id";

        /// <summary>TensorRT: keep built engines on disk and reuse them.</summary>
        public const string TrtEngineCacheEnable = "trt_engine_cache_enable";

        /// <summary>TensorRT: the folder engines are cached in.</summary>
        public const string TrtEngineCachePath = "trt_engine_cache_path";

        /// <summary>TensorRT: allow fp16 kernels.</summary>
        public const string TrtFp16Enable = "trt_fp16_enable";
    }

    /// <summary>
    /// Returns new <see cref="SessionOptions"/> with <paramref name="providers"/> appended in the given order and
    /// configured as described on <see cref="OnnxSessionOptions"/>. The caller owns (and disposes) the options; they
    /// can be disposed as soon as the session is created. Logs a warning through <paramref name="logger"/> when
    /// TensorRT is configured and <paramref name="modelPackagePath"/> holds no <c>*.engine</c> file yet: the first
    /// run will build the engine, which can take minutes.
    /// </summary>
    /// <param name="providers">ONNX Runtime provider names, highest priority first (see <see cref="ExecutionProviderNames"/>).</param>
    /// <param name="modelPackagePath">The folder of the model package: the TensorRT engine cache lives there.</param>
    /// <param name="device">The device the model will run on; a CUDA device's ordinal becomes <c>device_id</c>.</param>
    /// <param name="enableFp16">TensorRT only: allow fp16 kernels.</param>
    /// <param name="defaultTensorRtOptions">Configure TensorRT (engine cache, fp16, device); <see langword="false"/> leaves it at ONNX Runtime's defaults.</param>
    /// <param name="logger">Where the engine-cache warning goes; <see langword="null"/> for nowhere.</param>
    /// <param name="providerOptions">Options per provider name, passed to ONNX Runtime as they are (overriding the defaults above).</param>
    /// <exception cref="ArgumentException">A provider name is neither known to ONNX Runtime's C# API nor offered by this build, is repeated, or has options its append call cannot take; the message lists what this ONNX Runtime build offers.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">ONNX Runtime could not register a provider on this machine.</exception>
    public static SessionOptions Create(
        IEnumerable<string> providers,
        string modelPackagePath,
        BufferDevice device,
        bool enableFp16 = true,
        bool defaultTensorRtOptions = true,
        ILogger? logger = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? providerOptions = null)
    {
        IReadOnlyList<ExecutionProviderPlan> plan = Plan(providers, modelPackagePath, device, enableFp16, defaultTensorRtOptions, providerOptions: providerOptions);
        WarnIfTensorRtEngineMissing(plan, modelPackagePath, logger);
        return Build(plan, configure: null);
    }

    /// <summary>
    /// Decides which providers are appended, in which order, with which options, without touching ONNX Runtime (except to
    /// list the providers this build offers when a name is not known here and <paramref name="availableProviders"/> is not given).
    /// </summary>
    /// <param name="providers">ONNX Runtime provider names, highest priority first.</param>
    /// <param name="modelPackagePath">The folder of the model package (the TensorRT engine cache path).</param>
    /// <param name="device">The device the model will run on.</param>
    /// <param name="enableFp16">TensorRT only: allow fp16 kernels.</param>
    /// <param name="defaultTensorRtOptions">Configure TensorRT; <see langword="false"/> leaves it without defaults.</param>
    /// <param name="availableProviders">The providers this ONNX Runtime build offers; <see langword="null"/> to ask ONNX Runtime when needed.</param>
    /// <param name="providerOptions">Options per provider name, overriding the defaults.</param>
    /// <exception cref="ArgumentException">A provider name is unknown and not offered, is repeated, or has options its append call cannot take.</exception>
    public static IReadOnlyList<ExecutionProviderPlan> Plan(
        IEnumerable<string> providers,
        string modelPackagePath,
        BufferDevice device,
        bool enableFp16 = true,
        bool defaultTensorRtOptions = true,
        IReadOnlyList<string>? availableProviders = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? providerOptions = null)
    {
        if (providers is null) throw new ArgumentNullException(nameof(providers));
        if (modelPackagePath is null) throw new ArgumentNullException(nameof(modelPackagePath));
        string[] names = providers.ToArray();
        var offered = new Lazy<IReadOnlyList<string>>(() => availableProviders ?? AvailableProviders());

        var deviceId = new List<KeyValuePair<string, string>>();
        if (device.IsCuda)
            deviceId.Add(Option(Keys.DeviceId, device.Index.ToString(CultureInfo.InvariantCulture)));

        var plan = new List<ExecutionProviderPlan>();
        foreach (string name in names)
        {
            ProviderInfo info = (name is null ? null : ProviderCatalog.Find(name, () => offered.Value))
                ?? throw new ArgumentException(
                    $"'{name}' is not an execution provider ONNX Runtime's C# API can append (names are case-sensitive, e.g. {ExecutionProviderNames.Cuda}). " +
                    $"This ONNX Runtime build offers: {string.Join(", ", offered.Value)}.",
                    nameof(providers));
            if (plan.Any(p => p.Name == name))
                throw new ArgumentException(
                    $"The execution provider '{name}' is listed twice (providers: {string.Join(", ", names)}); list each once, highest priority first.",
                    nameof(providers));

            IEnumerable<KeyValuePair<string, string>> defaults = name switch
            {
                ExecutionProviderNames.TensorRt when defaultTensorRtOptions => new[]
                {
                    Option(Keys.TrtEngineCacheEnable, "True"),
                    Option(Keys.TrtFp16Enable, enableFp16 ? "True" : "False"),
                }.Concat(deviceId).Append(Option(Keys.TrtEngineCachePath, modelPackagePath)),
                ExecutionProviderNames.Cuda => deviceId,
                _ => Array.Empty<KeyValuePair<string, string>>(),
            };
            IReadOnlyDictionary<string, string>? given = null;
            providerOptions?.TryGetValue(info.Name, out given);
            KeyValuePair<string, string>[] options = Merge(defaults, given);
            ProviderAppender.CheckOptions(info, options);
            plan.Add(new ExecutionProviderPlan(info.Name, options));
        }
        if (providerOptions is not null)
            foreach (string key in providerOptions.Keys)
                if (!names.Contains(key, StringComparer.Ordinal))
                    throw new ArgumentException(
                        $"Options were given for '{key}', which is not in the provider list ({string.Join(", ", names)}).", nameof(providerOptions));
        return plan;
    }

    // The defaults in their order, each replaced by a caller's value for the same key, then the caller's other keys in theirs.
    private static KeyValuePair<string, string>[] Merge(IEnumerable<KeyValuePair<string, string>> defaults, IReadOnlyDictionary<string, string>? given)
    {
        var merged = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, string> option in defaults)
            merged.Add(given is not null && given.TryGetValue(option.Key, out string? value) ? Option(option.Key, value) : option);
        if (given is not null)
            foreach (KeyValuePair<string, string> option in given)
                if (!merged.Any(m => m.Key == option.Key)) merged.Add(option);
        return merged.ToArray();
    }

    /// <summary>
    /// Appends every planned provider to <paramref name="options"/>, in order: through the dedicated
    /// <c>AppendExecutionProvider_*</c> call where ONNX Runtime's C# API has one (typed provider options are disposed once
    /// appended; ONNX Runtime copies them), through the generic <c>AppendExecutionProvider(name, options)</c> otherwise.
    /// </summary>
    /// <exception cref="ExecutionProviderUnavailableException">ONNX Runtime could not register a provider; the inner exception is its error.</exception>
    public static void Apply(SessionOptions options, IReadOnlyList<ExecutionProviderPlan> plan)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        foreach (ExecutionProviderPlan provider in plan)
        {
            try
            {
                ProviderAppender.Append(options, provider);
            }
            catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or NotSupportedException)
            {
                IReadOnlyList<string> available = AvailableProviders();
                throw new ExecutionProviderUnavailableException(provider.Name, available,
                    $"ONNX Runtime could not register {provider}: {FirstLine(e.Message)} " +
                    $"This ONNX Runtime build offers {string.Join(", ", available)}; another provider needs the ONNX Runtime package built with it " +
                    "(e.g. Microsoft.ML.OnnxRuntime.Gpu for CUDA and TensorRT) and its libraries and device on the machine.",
                    e);
            }
        }
    }

    /// <summary>True when <paramref name="modelPackagePath"/> is a folder holding at least one <c>*.engine</c> file (a cached TensorRT engine).</summary>
    public static bool HasCachedTensorRtEngine(string modelPackagePath) =>
        Directory.Exists(modelPackagePath) && Directory.EnumerateFiles(modelPackagePath, "*.engine").Any();

    /// <summary>The providers this ONNX Runtime build offers (not necessarily loadable on this machine).</summary>
    public static IReadOnlyList<string> AvailableProviders() => OrtEnv.Instance().GetAvailableProviders();

    internal static void WarnIfTensorRtEngineMissing(IReadOnlyList<ExecutionProviderPlan> plan, string modelPackagePath, ILogger? logger)
    {
        // Only when this class configures the cache: without it, TensorRT builds an engine on every load anyway.
        bool cacheConfigured = plan.Any(p => p.Name == ExecutionProviderNames.TensorRt && p.Options.Any(o => o.Key == Keys.TrtEngineCacheEnable));
        if (logger is null || !cacheConfigured || HasCachedTensorRtEngine(modelPackagePath)) return;
        logger.LogWarning(
            "No cached TensorRT engine (*.engine) found in {ModelPackagePath}. ONNX Runtime will build one during the first run; " +
            "this can take many minutes (longer on embedded devices) and blocks that run until it finishes. Keep this folder to reuse the engine.",
            modelPackagePath);
    }

    internal static SessionOptions Build(IReadOnlyList<ExecutionProviderPlan> plan, Action<SessionOptions>? configure)
    {
        var options = new SessionOptions();
        try
        {
            configure?.Invoke(options);
            Apply(options, plan);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    internal static KeyValuePair<string, string> Option(string key, string value) => new(key, value);

    // ONNX Runtime errors carry a source location and sometimes a native log; the first line is the useful one.
    internal static string FirstLine(string message)
    {
        string trimmed = message.Trim();
        int newline = trimmed.IndexOf('\n');
        return newline < 0 ? trimmed : trimmed.Substring(0, newline).TrimEnd();
    }
}
