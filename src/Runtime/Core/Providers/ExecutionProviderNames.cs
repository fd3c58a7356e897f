namespace OnnxTyped;

/// <summary>
/// ONNX Runtime's execution provider names, as <c>GetAvailableProviders()</c> spells them. Each needs the ONNX Runtime
/// package built with it (the CPU package has only <see cref="Cpu"/>); see README's provider table.
/// </summary>
public static class ExecutionProviderNames
{
    /// <summary>The CPU provider every ONNX Runtime build has.</summary>
    public const string Cpu = "CPUExecutionProvider";

    /// <summary>NVIDIA CUDA (Microsoft.ML.OnnxRuntime.Gpu and CUDA on the machine).</summary>
    public const string Cuda = "CUDAExecutionProvider";

    /// <summary>NVIDIA TensorRT (Microsoft.ML.OnnxRuntime.Gpu and TensorRT on the machine).</summary>
    public const string TensorRt = "TensorrtExecutionProvider";

    /// <summary>NVIDIA TensorRT for RTX GPUs (an ONNX Runtime build with it).</summary>
    public const string NvTensorRtRtx = "NvTensorRTRTXExecutionProvider";

    /// <summary>AMD ROCm (an ONNX Runtime build with it).</summary>
    public const string Rocm = "ROCMExecutionProvider";

    /// <summary>AMD MIGraphX (an ONNX Runtime build with it).</summary>
    public const string MiGraphX = "MIGraphXExecutionProvider";

    /// <summary>DirectML on Windows (Microsoft.ML.OnnxRuntime.DirectML).</summary>
    public const string DirectML = "DmlExecutionProvider";

    /// <summary>Apple Core ML on macOS and iOS (the CPU package's Apple builds).</summary>
    public const string CoreML = "CoreMLExecutionProvider";

    /// <summary>Intel OpenVINO (Intel.ML.OnnxRuntime.OpenVino).</summary>
    public const string OpenVino = "OpenVINOExecutionProvider";

    /// <summary>Qualcomm QNN on Snapdragon (Microsoft.ML.OnnxRuntime.QNN).</summary>
    public const string Qnn = "QNNExecutionProvider";

    /// <summary>XNNPACK for mobile CPUs (the Android and iOS builds).</summary>
    public const string Xnnpack = "XnnpackExecutionProvider";

    /// <summary>Android NNAPI (the Android build).</summary>
    public const string Nnapi = "NnapiExecutionProvider";

    /// <summary>Qualcomm SNPE (a build with it).</summary>
    public const string Snpe = "SNPEExecutionProvider";

    /// <summary>Intel oneDNN (a build with it).</summary>
    public const string Dnnl = "DnnlExecutionProvider";

    /// <summary>WebGPU through Dawn (a build with it).</summary>
    public const string WebGpu = "WebGpuExecutionProvider";

    /// <summary>AMD Vitis AI (a build with it).</summary>
    public const string VitisAI = "VitisAIExecutionProvider";

    /// <summary>Azure remote inference (a build with it).</summary>
    public const string Azure = "AzureExecutionProvider";
}
