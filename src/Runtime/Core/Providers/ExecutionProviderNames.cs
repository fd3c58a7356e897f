namespace OnnxTyped;

/// <summary>The ONNX Runtime execution provider names <see cref="OnnxSessionOptions"/> can configure, as ONNX Runtime spells them.</summary>
public static class ExecutionProviderNames
{
    /// <summary>NVIDIA TensorRT (needs the Microsoft.ML.OnnxRuntime.Gpu package and TensorRT on the machine).</summary>
    public const string TensorRt = "TensorrtExecutionProvider";

    /// <summary>NVIDIA CUDA (needs the Microsoft.ML.OnnxRuntime.Gpu package and CUDA on the machine).</summary>
    public const string Cuda = "CUDAExecutionProvider";

    /// <summary>The CPU provider every ONNX Runtime build has.</summary>
    public const string Cpu = "CPUExecutionProvider";
}
