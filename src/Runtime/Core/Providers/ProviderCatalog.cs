using System;
using System.Collections.Generic;

namespace OnnxTyped;

/// <summary>
/// Every execution provider ONNX Runtime's C# API can append (1.31), with the call that appends it and where its inputs
/// may live. A name an ONNX Runtime build offers that is not listed here is passed through the generic call under its
/// own name, as the Python original passes unknown providers through unchanged.
/// </summary>
internal static class ProviderCatalog
{
    private static readonly Dictionary<string, ProviderInfo> Known = Index(
        new ProviderInfo(ExecutionProviderNames.Cpu, ProviderAppend.Cpu, null, GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.Cuda, ProviderAppend.Cuda, null, GpuCapable: true, TakesCudaMemory: true),
        new ProviderInfo(ExecutionProviderNames.TensorRt, ProviderAppend.TensorRt, null, GpuCapable: true, TakesCudaMemory: true),
        new ProviderInfo(ExecutionProviderNames.NvTensorRtRtx, ProviderAppend.Generic, "NvTensorRtRtx", GpuCapable: true, TakesCudaMemory: true),
        // AMD GPUs: GPU-capable in the original, but their device memory is HIP's, which this runtime does not bind.
        new ProviderInfo(ExecutionProviderNames.Rocm, ProviderAppend.Rocm, null, GpuCapable: true, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.MiGraphX, ProviderAppend.MiGraphX, null, GpuCapable: true, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.DirectML, ProviderAppend.DirectML, null, GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.CoreML, ProviderAppend.Generic, "CoreML", GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.OpenVino, ProviderAppend.Generic, "OpenVINO", GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.Qnn, ProviderAppend.Generic, "QNN", GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.Xnnpack, ProviderAppend.Generic, "XNNPACK", GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.Nnapi, ProviderAppend.Nnapi, null, GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.Snpe, ProviderAppend.Generic, "SNPE", GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.Dnnl, ProviderAppend.Dnnl, null, GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.WebGpu, ProviderAppend.Generic, "WebGPU", GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.VitisAI, ProviderAppend.Generic, "VitisAI", GpuCapable: false, TakesCudaMemory: false),
        new ProviderInfo(ExecutionProviderNames.Azure, ProviderAppend.Generic, "AZURE", GpuCapable: false, TakesCudaMemory: false));

    /// <summary>Every provider known here, in the order above.</summary>
    public static IEnumerable<ProviderInfo> All => Known.Values;

    /// <summary>
    /// What is known of <paramref name="name"/>; for a name only this build knows (<paramref name="offered"/>), the
    /// generic call under that name; <see langword="null"/> for a name neither knows.
    /// </summary>
    public static ProviderInfo? Find(string name, Func<IReadOnlyList<string>> offered)
    {
        if (Known.TryGetValue(name, out ProviderInfo? info)) return info;
        foreach (string available in offered())
            if (string.Equals(available, name, StringComparison.Ordinal))
                return new ProviderInfo(name, ProviderAppend.Generic, name, GpuCapable: false, TakesCudaMemory: false);
        return null;
    }

    /// <summary>True for a provider in the Python original's GPU-capable set.</summary>
    public static bool IsGpuCapable(string name) => Known.TryGetValue(name, out ProviderInfo? info) && info.GpuCapable;

    /// <summary>True for a provider that reads CUDA device memory bound by address.</summary>
    public static bool TakesCudaMemory(string name) => Known.TryGetValue(name, out ProviderInfo? info) && info.TakesCudaMemory;

    private static Dictionary<string, ProviderInfo> Index(params ProviderInfo[] providers)
    {
        var index = new Dictionary<string, ProviderInfo>(StringComparer.Ordinal);
        foreach (ProviderInfo provider in providers) index.Add(provider.Name, provider);
        return index;
    }
}
