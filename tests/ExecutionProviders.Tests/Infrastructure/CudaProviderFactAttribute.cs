using Xunit;

namespace OnnxTyped.ExecutionProviders.Tests;

/// <summary>A fact that needs the CUDA provider to register (a GPU machine with CUDA libraries).</summary>
public sealed class CudaProviderFactAttribute : FactAttribute
{
    public CudaProviderFactAttribute()
    {
        if (!OnnxRuntimeGpuBuild.CudaProviderLoads)
            Skip = "Needs a CUDA GPU with the CUDA 13 and cuDNN 9 libraries of Microsoft.ML.OnnxRuntime.Gpu 1.31: " +
                   "the CUDA execution provider cannot be registered on this machine.";
    }
}
