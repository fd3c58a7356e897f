using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>A fact that runs only where torch sees a CUDA device; elsewhere it is skipped with the reason.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available())
            Skip = "CUDA is not available on this machine (torch.cuda.is_available() is false; TorchSharp-cpu and no GPU).";
    }
}
