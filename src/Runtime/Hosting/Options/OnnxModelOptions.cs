using System;
using System.Collections.Generic;

namespace OnnxTyped.Hosting;

/// <summary>
/// How a hosted model is opened and readied: bound from a configuration section (keys as the property names, see
/// <c>docs/hosting.md</c>) and/or set in code, and validated when the host starts, so a wrong setting fails the start,
/// never the first request.
/// </summary>
public sealed class OnnxModelOptions
{
    /// <summary>
    /// The <c>.onnx</c> file: absolute, or relative to the working directory or else to the application's directory;
    /// <see langword="null"/> (the default) for the copy the build put beside the application (the class's <c>Load</c> path).
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>Where the session runs: <c>cpu</c> (the default), <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>When a CUDA device cannot be served: open on the CPU with a logged warning (the default), or fail.</summary>
    public DeviceFallback Fallback { get; set; } = DeviceFallback.UseCpu;

    /// <summary>ONNX Runtime execution provider names, highest priority first; empty (the default) for the device's default list.</summary>
    public IList<string> Providers { get; } = new List<string>();

    /// <summary>Options per provider name, passed to ONNX Runtime as they are (e.g. <c>CUDAExecutionProvider</c> → <c>device_id</c>).</summary>
    public IDictionary<string, IDictionary<string, string>> ProviderOptions { get; } =
        new Dictionary<string, IDictionary<string, string>>(StringComparer.Ordinal);

    /// <summary>Micro-batching of concurrent calls; <see langword="null"/> (the default) for none.</summary>
    public MicroBatchOptions? MicroBatching { get; set; }

    /// <summary>Whether the model is run once before the host reports ready (the default); see <see cref="WarmUpDims"/>.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// The size of each named symbolic dimension in the default warm-up, which runs zeros of the declared shapes; a
    /// dimension not named here is 1. A class registered with its own warm-up ignores these.
    /// </summary>
    public IDictionary<string, long> WarmUpDims { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>What configuration held that could not be read (a key no option has, a value of the wrong kind).</summary>
    internal List<string> ConfigurationErrors { get; } = new();
}
