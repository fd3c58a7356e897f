using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped;

/// <summary>
/// When a call on CUDA memory must wait for ONNX Runtime's streams, decided in one place (see docs/cuda.md). ONNX
/// Runtime's CUDA provider runs on streams of its own created non-blocking; what a front-end's own GPU work needs before
/// binding is the front-end's (the TorchSharp one: <c>TorchFrontEnd.WaitsForTorchBeforeBinding</c>).
/// </summary>
internal static class CudaOrdering
{
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

    /// <summary>
    /// Whether calls on this session run one at a time, each from its first bind to the end of its run (N3 under
    /// TensorRT): when the session takes CUDA inputs and TensorRT is among its providers. There
    /// <c>SynchronizeBoundInputs</c> orders nothing (the provider's <c>Sync</c> does no work), and a host input's bind-time
    /// copy is ordered before the run's kernels only as for a single caller: no other run on the session in between, or
    /// taking the device streams meanwhile (so calls with CUDA inputs wait too; TensorRT's provider runs one engine at a
    /// time anyway). A session whose providers are not known (opened elsewhere) cannot be told apart and is not
    /// serialized (docs/cuda.md).
    /// </summary>
    public static bool SerializesCalls(bool sessionIsCuda, IReadOnlyList<string>? providers) =>
        sessionIsCuda && providers is not null && providers.Contains(ExecutionProviderNames.TensorRt);
}
