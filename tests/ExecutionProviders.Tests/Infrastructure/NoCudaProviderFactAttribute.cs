using Xunit;

namespace OnnxTyped.ExecutionProviders.Tests;

/// <summary>A fact about the fallback: it runs where the CUDA provider cannot be registered (no GPU, no CUDA libraries), as on CI.</summary>
public sealed class NoCudaProviderFactAttribute : FactAttribute
{
    public NoCudaProviderFactAttribute()
    {
        if (OnnxRuntimeGpuBuild.CudaProviderLoads)
            Skip = "The CUDA execution provider registers on this machine, so there is nothing to fall back from.";
    }
}
