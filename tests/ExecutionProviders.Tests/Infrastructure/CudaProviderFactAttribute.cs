using Xunit;

namespace OnnxTyped.ExecutionProviders.Tests;

/// <summary>A fact that needs the CUDA provider to register (a GPU machine with CUDA libraries).</summary>
public sealed class CudaProviderFactAttribute : FactAttribute
{
    public CudaProviderFactAttribute()
    {
        if (!OnnxRuntimeGpuBuild.CudaProviderLoads)
            Skip = "The CUDA execution provider cannot be registered on this machine (no GPU or no CUDA libraries).";
    }
}
