namespace OnnxTyped;

/// <summary>How one output reaches the caller (see <see cref="OutputRoutes.Choose"/>).</summary>
internal enum OutputRoute
{
    /// <summary>The front-end allocates the output before the run and ONNX Runtime writes into it.</summary>
    PreAllocated,

    /// <summary>ONNX Runtime allocates it in host memory; the front-end wraps that memory without a copy and releases it with the tensor.</summary>
    AdoptedWithoutCopy,

    /// <summary>ONNX Runtime allocates it on the device; the front-end copies it device to device into memory of its own, then releases ONNX Runtime's.</summary>
    CopiedOnDevice,
}
