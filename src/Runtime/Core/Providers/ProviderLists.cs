using System;
using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped;

/// <summary>
/// Edits of an execution-provider list, beside the plan they edit: which providers a device needs by default, which
/// take GPU memory, and the plan to retry with when one cannot be registered. Pure, so every rule is unit-tested.
/// </summary>
internal static class ProviderLists
{
    private static readonly ExecutionProviderPlan[] CpuOnly =
        { new(ExecutionProviderNames.Cpu, Array.Empty<KeyValuePair<string, string>>()) };

    /// <summary>
    /// True for the Python original's GPU-capable providers (<c>GPU_CAPABLE_EXECUTION_PROVIDERS</c>: CUDA, TensorRT,
    /// TensorRT RTX, ROCm, MIGraphX): a CUDA device request is kept when one is in effect, and they are the providers
    /// dropped when a GPU cannot be used.
    /// </summary>
    public static bool IsGpuProvider(string provider) => ProviderCatalog.IsGpuCapable(provider);

    /// <summary>The providers to ask for when the caller names none: CUDA then CPU for a CUDA device, the CPU alone otherwise.</summary>
    public static IReadOnlyList<string> DefaultProviders(BufferDevice device) =>
        device.IsCuda
            ? new[] { ExecutionProviderNames.Cuda, ExecutionProviderNames.Cpu }
            : new[] { ExecutionProviderNames.Cpu };

    /// <summary>
    /// The plan to retry with when a GPU provider could not be used: the same providers without the GPU ones, or the
    /// CPU provider alone when nothing else is left.
    /// </summary>
    public static IReadOnlyList<ExecutionProviderPlan> WithoutGpuProviders(IReadOnlyList<ExecutionProviderPlan> plan)
    {
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        ExecutionProviderPlan[] rest = plan.Where(p => !IsGpuProvider(p.Name)).ToArray();
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
}
