namespace OnnxTyped;

/// <summary>
/// Where the typed front-end's device-resident tensors live, how they are copied, on which stream and when the host
/// waits: pure decisions, so every branch is unit-tested without a GPU (docs/cuda.md, "Device-resident typed tensors").
/// The rule they keep is the torch path's: nothing that writes device memory for a call is still running when the next
/// step reads it. Here every writer finishes before it returns (a run waits for its streams,
/// <see cref="CudaOrdering.SynchronizeAfterRun"/>; a copy is given no stream, <see cref="WaitsAfterCopy"/>), so a typed
/// call needs no wait before binding; only a failed run leaves work queued (<see cref="WaitsAfterFailedRun"/>).
/// </summary>
internal static class DeviceTensorOrdering
{
    /// <summary>The device the session's own tensors live on: the CUDA device it runs on, else the host.</summary>
    public static BufferDevice SessionDevice(int? sessionCudaDevice) =>
        sessionCudaDevice is int device ? BufferDevice.Cuda(device) : BufferDevice.Cpu;

    /// <summary>
    /// Where a typed call's outputs come back: on the session's device when the caller asked for outputs on the device
    /// (<c>ModelSession.OutputsOnDevice</c>), otherwise in host memory, whatever the session runs on.
    /// </summary>
    public static BufferDevice OutputDevice(bool outputsOnDevice, BufferDevice sessionDevice) =>
        outputsOnDevice ? sessionDevice : BufferDevice.Cpu;

    /// <summary>The route of a copy from memory on <paramref name="from"/> to memory on <paramref name="to"/>.</summary>
    public static CopyRoute Route(BufferDevice from, BufferDevice to) => (from.IsCuda, to.IsCuda) switch
    {
        (false, false) => CopyRoute.HostToHost,
        (false, true) => CopyRoute.HostToDevice,
        (true, false) => CopyRoute.DeviceToHost,
        (true, true) => CopyRoute.DeviceToDevice,
    };

    /// <summary>
    /// Where a copy runs: host to host as a plain memory copy on the calling thread; anything touching a device through
    /// ONNX Runtime's data transfer (<c>OrtEnv.CopyTensors</c>) with no stream, which is CUDA's legacy default stream.
    /// </summary>
    public static CopyStream StreamOf(CopyRoute route) =>
        route == CopyRoute.HostToHost ? CopyStream.CallingThread : CopyStream.CudaLegacyDefault;

    /// <summary>
    /// Whether the copy needs ONNX Runtime's CUDA data transfer registered in the process's <c>OrtEnv</c>: every route but
    /// host to host. <c>CopyTensors</c> uses the data transfers of execution providers registered in the environment
    /// (<c>RegisterExecutionProviderLibrary</c>), not those of sessions.
    /// </summary>
    public static bool NeedsCudaDataTransfer(CopyRoute route) => route != CopyRoute.HostToHost;

    /// <summary>
    /// Whether the host must wait after the copy call returns before the destination is read or either tensor is freed or
    /// rebound: only for a copy queued on a stream that was passed in. Without one (this runtime never passes one) ONNX
    /// Runtime's CUDA data transfer waits itself: <c>cudaMemcpy</c> device to host returns when done, and device to device
    /// or from pageable host memory it ends with <c>cudaStreamSynchronize</c> of the legacy default stream. So both tensors'
    /// pins end when the call returns.
    /// </summary>
    public static bool WaitsAfterCopy(CopyStream stream, bool syncStreamGiven) =>
        stream == CopyStream.CudaLegacyDefault && syncStreamGiven;

    /// <summary>
    /// Whether a failed run is waited for (the device synchronized through ONNX Runtime's providers) before the call lets
    /// go of its tensors: when the call bound CUDA memory (an input, a caller's output, or outputs bound to the device). A
    /// failed <c>Run</c> returns without synchronizing its streams, so kernels already queued may still read the inputs
    /// and write the outputs the caller is about to dispose, refill or pass again (docs/cuda.md, N2).
    /// </summary>
    public static bool WaitsAfterFailedRun(bool boundCudaMemory) => boundCudaMemory;
}
