using System;

namespace OnnxTyped;

// After a failed run on CUDA memory: the device waited for through ONNX Runtime's own providers, since the typed
// front-end has no CUDA runtime of its own (docs/cuda.md, N2 and "Device-resident typed tensors").
internal sealed partial class IoBindingRunner
{
    /// <summary>The key under which a failed wait is recorded in the run's exception (the torch front-end's too).</summary>
    public const string CleanupFailureKey = "OnnxTyped.CudaCleanupFailure";

    /// <summary>
    /// Waits until the device has finished what the failed run queued (<c>SynchronizeBoundOutputs</c>: every provider's
    /// <c>Sync</c>, the CUDA provider's a device-wide <c>cudaDeviceSynchronize</c>), so nothing the caller is about to
    /// free, refill or rebind is still read or written. A wait that fails too never replaces the run's exception: its
    /// message is recorded in <paramref name="runFailure"/>'s <c>Data[<see cref="CleanupFailureKey"/>]</c> (N7).
    /// </summary>
    public void WaitAfterFailedRun(Exception runFailure)
    {
        try
        {
            _binding.SynchronizeBoundOutputs();
        }
        catch (Exception waitFailure)
        {
            runFailure.Data[CleanupFailureKey] = waitFailure.Message;
        }
    }
}
