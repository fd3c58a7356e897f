using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// Appends one planned provider to session options through the C# API call that fits it (<see cref="ProviderAppend"/>),
/// and says beforehand which options that call can take.
/// </summary>
internal static class ProviderAppender
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the options turn CUDA graphs on (<see cref="TurnsOnCudaGraph"/>), or when a
    /// dedicated call that takes one number is given other options.
    /// </summary>
    public static void CheckOptions(ProviderInfo provider, IReadOnlyList<KeyValuePair<string, string>> options)
    {
        foreach (KeyValuePair<string, string> option in options)
            if (TurnsOnCudaGraph(option.Key, option.Value))
                throw new ArgumentException(
                    $"{provider.Name}: '{option.Key}' = '{option.Value}' is refused. A CUDA graph replays the addresses captured in its first run, and this " +
                    "runtime binds each call's own buffers (torch's caching allocator, recycled outputs): a replay would read and write the first call's " +
                    "memory and give wrong results without an error. Leave CUDA graphs off (docs/cuda.md, N6).", "providerOptions");
        string? only = OnlyOption(provider.Append);
        if (only is null) return;
        foreach (KeyValuePair<string, string> option in options)
            if (option.Key != only || !int.TryParse(option.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                throw new ArgumentException(
                    $"{provider.Name} is appended through ONNX Runtime's {CallName(provider.Append)}, which takes only '{only}' (a whole number); " +
                    $"got '{option.Key}' = '{option.Value}'.", "providerOptions");
    }

    /// <summary>
    /// True for a provider option that turns CUDA graph capture on (CUDA and TensorRT RTX <c>enable_cuda_graph</c>,
    /// TensorRT <c>trt_cuda_graph_enable</c>) with any value but an explicit off (<c>0</c>, <c>false</c>).
    /// </summary>
    public static bool TurnsOnCudaGraph(string key, string value) =>
        (key == "enable_cuda_graph" || key == "trt_cuda_graph_enable")
        && !(value.Trim() == "0" || string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase));

    public static void Append(SessionOptions options, ExecutionProviderPlan plan)
    {
        ProviderInfo provider = ProviderCatalog.Find(plan.Name, OnnxSessionOptions.AvailableProviders)
            ?? throw new ArgumentException($"'{plan.Name}' is not an execution provider ONNX Runtime's C# API can append.", nameof(plan));
        switch (provider.Append)
        {
            case ProviderAppend.Cpu:
                options.AppendExecutionProvider_CPU(Number(plan, "use_arena", 1));
                break;
            case ProviderAppend.Cuda:
                using (var cuda = new OrtCUDAProviderOptions())
                {
                    if (plan.Options.Count > 0) cuda.UpdateOptions(ToDictionary(plan.Options));
                    options.AppendExecutionProvider_CUDA(cuda);
                }
                break;
            case ProviderAppend.TensorRt:
                using (var tensorRt = new OrtTensorRTProviderOptions())
                {
                    if (plan.Options.Count > 0) tensorRt.UpdateOptions(ToDictionary(plan.Options));
                    options.AppendExecutionProvider_Tensorrt(tensorRt);
                }
                break;
            case ProviderAppend.Rocm:
                using (var rocm = new OrtROCMProviderOptions())
                {
                    if (plan.Options.Count > 0) rocm.UpdateOptions(ToDictionary(plan.Options));
                    options.AppendExecutionProvider_ROCm(rocm);
                }
                break;
            case ProviderAppend.DirectML:
                options.AppendExecutionProvider_DML(Number(plan, OnnxSessionOptions.Keys.DeviceId, 0));
                break;
            case ProviderAppend.MiGraphX:
                options.AppendExecutionProvider_MIGraphX(Number(plan, OnnxSessionOptions.Keys.DeviceId, 0));
                break;
            case ProviderAppend.Dnnl:
                options.AppendExecutionProvider_Dnnl(Number(plan, "use_arena", 1));
                break;
            case ProviderAppend.Nnapi:
                options.AppendExecutionProvider_Nnapi((NnapiFlags)Number(plan, "flags", 0));
                break;
            default:
                options.AppendExecutionProvider(provider.GenericName!, ToDictionary(plan.Options));
                break;
        }
    }

    // The one option a dedicated call with a number takes; null for calls that take key/value options.
    private static string? OnlyOption(ProviderAppend append) => append switch
    {
        ProviderAppend.Cpu or ProviderAppend.Dnnl => "use_arena",
        ProviderAppend.DirectML or ProviderAppend.MiGraphX => OnnxSessionOptions.Keys.DeviceId,
        ProviderAppend.Nnapi => "flags",
        _ => null,
    };

    private static string CallName(ProviderAppend append) => append switch
    {
        ProviderAppend.Cpu => "AppendExecutionProvider_CPU(useArena)",
        ProviderAppend.Dnnl => "AppendExecutionProvider_Dnnl(useArena)",
        ProviderAppend.DirectML => "AppendExecutionProvider_DML(deviceId)",
        ProviderAppend.MiGraphX => "AppendExecutionProvider_MIGraphX(deviceId)",
        ProviderAppend.Nnapi => "AppendExecutionProvider_Nnapi(flags)",
        _ => append.ToString(),
    };

    private static int Number(ExecutionProviderPlan plan, string key, int fallback)
    {
        foreach (KeyValuePair<string, string> option in plan.Options)
            if (option.Key == key) return int.Parse(option.Value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        return fallback;
    }

    private static Dictionary<string, string> ToDictionary(IReadOnlyList<KeyValuePair<string, string>> options) =>
        options.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
}
