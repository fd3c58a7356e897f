using System;

namespace OnnxTyped.Interop;

/// <summary>
/// The calling thread's current CUDA device kept across work that changes it, over any <see cref="ICudaRuntimeApi"/> (the
/// process's, or a fake in unit tests). Torch work on plain <c>"cuda"</c> goes to the current device, so anything that
/// sets it (ONNX Runtime's run, a copy) must set it back.
/// </summary>
/// <remarks>
/// A restore (or a wait) that fails while another exception is in flight never replaces it: the run's error is the one
/// the caller can act on. The secondary failure is attached to it under <see cref="SecondaryFailureKey"/> in
/// <see cref="Exception.Data"/> (its message), so it is not lost. On success a failed restore throws: the caller's device
/// would be wrong.
/// </remarks>
internal static class CudaDeviceCalls
{
    /// <summary>The <see cref="Exception.Data"/> key under which a failed restore or wait after a failure is recorded.</summary>
    public const string SecondaryFailureKey = "OnnxTyped.CudaCleanupFailure";

    /// <summary>
    /// Copies <paramref name="bytes"/> between two buffers on CUDA device <paramref name="device"/> and waits for the copy,
    /// with the calling thread's current device restored afterwards, whether the copy succeeded or not.
    /// </summary>
    public static void CopyDeviceToDevice(ICudaRuntimeApi cuda, IntPtr destination, IntPtr source, long bytes, int device) =>
        CopyDeviceToDevice(cuda, new[] { new DeviceCopy(destination, source, bytes) }, device);

    /// <summary>
    /// Queues every copy of <paramref name="copies"/> on CUDA device <paramref name="device"/> (torch's stream), then waits
    /// once for all of them (review finding N8: one host wait per run, not one per output), with the calling thread's
    /// current device restored afterwards. When a copy fails to queue, the ones queued before it are waited for before the
    /// error surfaces, so the caller may release every source.
    /// </summary>
    public static void CopyDeviceToDevice(ICudaRuntimeApi cuda, ReadOnlySpan<DeviceCopy> copies, int device)
    {
        int previous = cuda.GetDevice();
        bool queued = false;
        try
        {
            cuda.SetDevice(device);
            foreach (DeviceCopy copy in copies)
            {
                if (copy.Bytes == 0) continue;
                cuda.CopyDeviceToDevice(copy.Destination, copy.Source, copy.Bytes);
                queued = true;
            }
            if (queued) cuda.SynchronizeLegacyStream();
        }
        catch (Exception copyError)
        {
            if (queued) TryWaitForCopies(cuda, copyError);
            TryRestore(cuda, previous, copyError);
            throw;
        }
        Restore(cuda, previous);
    }

    private static void TryWaitForCopies(ICudaRuntimeApi cuda, Exception inFlight)
    {
        try
        {
            cuda.SynchronizeLegacyStream();
        }
        catch (Exception failure)
        {
            Record(inFlight, "waiting for the copies queued before the failure", failure);
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> on buffers on <paramref name="device"/>, then restores the calling thread's current CUDA
    /// device. When the run fails on a CUDA device, first waits for the device (<see cref="CudaOrdering.SynchronizeAfterFailedRun"/>):
    /// ONNX Runtime does not wait for its streams on a failed run, and the caller is about to free or rewrite the buffers
    /// its kernels may still be writing. Without a CUDA runtime (or on the CPU) only runs.
    /// </summary>
    public static void RunKeepingCurrentDevice<TState>(ICudaRuntimeApi cuda, BufferDevice device, TState state, Action<TState, BufferDevice> run)
    {
        if (!device.IsCuda || !cuda.IsAvailable)
        {
            run(state, device);
            return;
        }
        int previous = cuda.GetDevice();
        try
        {
            run(state, device);
        }
        catch (Exception error)
        {
            if (CudaOrdering.SynchronizeAfterFailedRun(device)) TrySynchronize(cuda, device.Index, error);
            TryRestore(cuda, previous, error);
            throw;
        }
        Restore(cuda, previous);
    }

    private static void Restore(ICudaRuntimeApi cuda, int previous) => cuda.SetDevice(previous);

    private static void TrySynchronize(ICudaRuntimeApi cuda, int device, Exception inFlight)
    {
        try
        {
            cuda.SetDevice(device);
            cuda.DeviceSynchronize();
        }
        catch (Exception failure)
        {
            Record(inFlight, "waiting for cuda:" + device + " after the failure", failure);
        }
    }

    private static void TryRestore(ICudaRuntimeApi cuda, int previous, Exception inFlight)
    {
        try
        {
            Restore(cuda, previous);
        }
        catch (Exception failure)
        {
            Record(inFlight, "restoring the current device cuda:" + previous, failure);
        }
    }

    private static void Record(Exception inFlight, string what, Exception failure)
    {
        string text = what + " failed too: " + failure.Message;
        try
        {
            inFlight.Data[SecondaryFailureKey] = inFlight.Data[SecondaryFailureKey] is string earlier ? earlier + " | " + text : text;
        }
        catch (ArgumentException)
        {
            // A read-only or otherwise refusing Data: the original error still surfaces unchanged.
        }
        catch (NotSupportedException)
        {
        }
    }
}
