namespace OnnxTyped;

/// <summary>How one output reaches a torch caller (see <see cref="TorchOutputRoutes.Choose"/>).</summary>
internal enum OutputRoute
{
    /// <summary>The front-end allocates the output before the run and ONNX Runtime writes into it.</summary>
    PreAllocated,

    /// <summary>ONNX Runtime allocates it in host memory; the front-end wraps that memory without a copy and releases it with the tensor.</summary>
    AdoptedWithoutCopy,

    /// <summary>ONNX Runtime allocates it on the device; the front-end copies it device to device into memory of its own, then releases ONNX Runtime's.</summary>
    CopiedOnDevice,
}

/// <summary>
/// Decides how each output reaches a torch caller. Pre-allocation wherever the shape is known before the run; otherwise
/// ONNX Runtime allocates. Host memory can then be wrapped as it is; CUDA memory cannot: LibTorchSharp's only way to
/// wrap foreign memory (<c>THSTensor_new</c>) treats the pointer as host memory and copies it to the device, an
/// undefined host-to-device copy from device memory, so CUDA outputs are copied device to device instead.
/// </summary>
internal static class TorchOutputRoutes
{
    public static OutputRoute Choose(BufferDevice device, bool shapeKnownBeforeRun) =>
        shapeKnownBeforeRun ? OutputRoute.PreAllocated
        : device.IsCuda ? OutputRoute.CopiedOnDevice
        : OutputRoute.AdoptedWithoutCopy;
}
