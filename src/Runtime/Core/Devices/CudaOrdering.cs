namespace OnnxTyped;

/// <summary>
/// When a call on CUDA memory must wait, decided in one place (see docs/cuda.md). TorchSharp launches its kernels on
/// CUDA's legacy default stream and has no stream API; ONNX Runtime's CUDA provider runs on streams of its own created
/// non-blocking, which do not wait for the legacy stream. So every torch write an input depends on (casts, copies made
/// contiguous, output allocations that reuse freed blocks) must be finished before ONNX Runtime touches the memory,
/// which for inputs it copies is already at bind time.
/// </summary>
internal static class CudaOrdering
{
    /// <summary>
    /// Whether to synchronize torch's device after preparing the buffers and before binding them: for CUDA buffers.
    /// Device-wide (<c>torch.cuda.synchronize</c>, i.e. <c>cudaDeviceSynchronize</c>): TorchSharp offers nothing
    /// narrower, and a stream-only wait (<c>cudaStreamSynchronize(0)</c>, or ONNX Runtime on a user compute stream)
    /// cannot be reached or verified here.
    /// </summary>
    public static bool SynchronizeBeforeBinding(BufferDevice device) => device.IsCuda;

    /// <summary>
    /// Whether to synchronize after the run before torch reads the outputs: never while the run option
    /// <c>disable_synchronize_execution_providers</c> is off (ONNX Runtime's default, and this runtime never sets it),
    /// since <c>Run</c> then waits for its own streams before returning. <c>SynchronizeBoundOutputs</c> would add a
    /// device-wide <c>cudaDeviceSynchronize</c> that waits for every other thread's GPU work too.
    /// </summary>
    public static bool SynchronizeAfterRun(BufferDevice device, bool runSynchronizesProviders) => device.IsCuda && !runSynchronizesProviders;

    /// <summary>
    /// Whether to wait for the device after a run on <paramref name="device"/> failed, before anything the run touched is
    /// freed, rebound or run again: for CUDA buffers. A failed <c>Run</c> returns without synchronizing ONNX Runtime's
    /// streams (<c>OnRunEnd</c> is skipped), so kernels already queued may still write into the call's outputs and read its
    /// input copies, blocks torch's caching allocator would hand to the retry.
    /// </summary>
    public static bool SynchronizeAfterFailedRun(BufferDevice device) => device.IsCuda;

    /// <summary>
    /// Whether to call <c>SynchronizeBoundInputs</c> before a run: when a host input was (re-)bound this call to a session
    /// that takes CUDA inputs. ONNX Runtime copies it to the device at bind time on its own stream; with several runners on
    /// one session nothing else orders that copy before this run's kernels. Under TensorRT the provider's <c>Sync</c> is a
    /// no-op, so this orders nothing there (docs/cuda.md, N3).
    /// </summary>
    public static bool SynchronizeBoundInputs(BufferDevice inputDevice, bool sessionIsCuda, bool rebound) =>
        !inputDevice.IsCuda && sessionIsCuda && rebound;
}
