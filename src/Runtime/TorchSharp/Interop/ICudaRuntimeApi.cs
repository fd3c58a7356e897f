using System;

namespace OnnxTyped.Interop;

/// <summary>
/// The raw CUDA runtime calls this runtime makes, one method per call, each throwing on a non-zero status. A seam so the
/// device bookkeeping around them (<see cref="CudaDeviceCalls"/>) is unit-tested with a fake that records the calls: no
/// machine this project reaches has a GPU (see docs/cuda.md).
/// </summary>
internal interface ICudaRuntimeApi
{
    /// <summary>True when the calls below can be made (a CUDA runtime library was loaded).</summary>
    bool IsAvailable { get; }

    /// <summary><c>cudaGetDevice</c>: the calling thread's current device.</summary>
    int GetDevice();

    /// <summary><c>cudaSetDevice</c>.</summary>
    void SetDevice(int device);

    /// <summary><c>cudaMemcpyAsync</c> device to device on the legacy default stream (torch's), queued: it returns at once.</summary>
    void CopyDeviceToDevice(IntPtr destination, IntPtr source, long bytes);

    /// <summary><c>cudaStreamSynchronize</c> of the legacy default stream: every copy queued there is done.</summary>
    void SynchronizeLegacyStream();

    /// <summary><c>cudaDeviceSynchronize</c> of the current device.</summary>
    void DeviceSynchronize();
}
