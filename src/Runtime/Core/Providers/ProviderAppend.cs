namespace OnnxTyped;

/// <summary>How ONNX Runtime's C# API appends a provider to session options.</summary>
internal enum ProviderAppend
{
    /// <summary><c>AppendExecutionProvider_CPU(useArena)</c>.</summary>
    Cpu,

    /// <summary><c>AppendExecutionProvider_CUDA(OrtCUDAProviderOptions)</c>, options as key/value pairs.</summary>
    Cuda,

    /// <summary><c>AppendExecutionProvider_Tensorrt(OrtTensorRTProviderOptions)</c>, options as key/value pairs.</summary>
    TensorRt,

    /// <summary><c>AppendExecutionProvider_ROCm(OrtROCMProviderOptions)</c>, options as key/value pairs.</summary>
    Rocm,

    /// <summary><c>AppendExecutionProvider_DML(deviceId)</c>: the option <c>device_id</c> only.</summary>
    DirectML,

    /// <summary><c>AppendExecutionProvider_MIGraphX(deviceId)</c>: the option <c>device_id</c> only.</summary>
    MiGraphX,

    /// <summary><c>AppendExecutionProvider_Dnnl(useArena)</c>: the option <c>use_arena</c> only.</summary>
    Dnnl,

    /// <summary><c>AppendExecutionProvider_Nnapi(flags)</c>: the option <c>flags</c> (NnapiFlags as a number) only.</summary>
    Nnapi,

    /// <summary>The generic <c>AppendExecutionProvider(shortName, options)</c>.</summary>
    Generic,
}
