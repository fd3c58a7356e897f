namespace OnnxTyped;

/// <summary>The kinds of memory ONNX Runtime binds by address here.</summary>
public enum BufferDeviceKind
{
    /// <summary>Host memory.</summary>
    Cpu = 0,

    /// <summary>NVIDIA CUDA device memory.</summary>
    Cuda = 1,
}
