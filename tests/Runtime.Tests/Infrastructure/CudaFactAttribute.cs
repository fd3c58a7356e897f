using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// A fact that runs only where torch sees a CUDA device. In this test project that is nowhere: it references
/// TorchSharp-cpu and the CPU build of ONNX Runtime, so no machine, with or without a GPU, can run these tests.
/// The skip reason says so rather than blaming the machine.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available())
            Skip = "Cannot run in this project on any machine: it references TorchSharp-cpu and the CPU build of ONNX Runtime " +
                   "(torch.cuda.is_available() is false). GPU runs need TorchSharp-cuda and Microsoft.ML.OnnxRuntime.Gpu; see docs/testing.md.";
    }
}
