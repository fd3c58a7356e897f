namespace OnnxTyped;

/// <summary>Between which memories a copy of a typed tensor goes (see <see cref="DeviceTensorOrdering.Route"/>).</summary>
internal enum CopyRoute
{
    /// <summary>Host memory to host memory.</summary>
    HostToHost,

    /// <summary>Host memory to a CUDA device.</summary>
    HostToDevice,

    /// <summary>A CUDA device to host memory.</summary>
    DeviceToHost,

    /// <summary>A CUDA device to a CUDA device (the same one, or another).</summary>
    DeviceToDevice,
}

/// <summary>Where a copy of a typed tensor runs (see <see cref="DeviceTensorOrdering.StreamOf"/>).</summary>
internal enum CopyStream
{
    /// <summary>A plain memory copy on the calling thread, done when it returns.</summary>
    CallingThread,

    /// <summary>
    /// ONNX Runtime's CUDA data transfer given no <c>OrtSyncStream</c>: <c>cudaMemcpy</c> on CUDA's legacy default stream of
    /// the calling thread's current device, followed by a <c>cudaStreamSynchronize</c> of that stream where
    /// <c>cudaMemcpy</c> itself may return early (device to device, pageable host to device).
    /// </summary>
    CudaLegacyDefault,
}
