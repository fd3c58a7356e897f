using System;
using System.Runtime.InteropServices;

namespace OnnxTyped.Interop;

/// <summary>
/// The few CUDA runtime calls TorchSharp does not offer: a device-to-device copy between raw pointers, and the calling
/// thread's current device. Taken from a CUDA runtime the process has loaded already: ONNX Runtime's CUDA provider
/// links <c>libcudart.so.13</c> (1.31), older builds <c>libcudart.so.12</c>. Both libraries share the device's primary
/// context, so pointers from either are valid here. Unverified on hardware: no machine this project reaches has a GPU
/// (see docs/cuda.md).
/// </summary>
internal static unsafe class CudaRuntime
{
    private const int MemcpyDeviceToDevice = 3;

    private static readonly Lazy<Functions?> Loaded = new(Load);

    /// <summary>True when a CUDA runtime library could be loaded.</summary>
    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>The calling thread's current CUDA device.</summary>
    public static int CurrentDevice()
    {
        Functions cuda = Require();
        int device;
        Check(cuda.GetDevice(&device), "cudaGetDevice");
        return device;
    }

    /// <summary>Makes <paramref name="device"/> the calling thread's current CUDA device.</summary>
    public static void SetCurrentDevice(int device) => Check(Require().SetDevice(device), "cudaSetDevice");

    /// <summary>
    /// Copies <paramref name="bytes"/> from <paramref name="source"/> to <paramref name="destination"/>, both on CUDA device
    /// <paramref name="device"/>, and waits until the copy is done: the source may be released and the destination read on
    /// any stream afterwards. Runs on the legacy default stream, torch's stream, after the work already queued there.
    /// </summary>
    public static void CopyDeviceToDevice(IntPtr destination, IntPtr source, long bytes, int device)
    {
        Functions cuda = Require();
        Check(cuda.SetDevice(device), "cudaSetDevice");
        Check(cuda.MemcpyAsync(destination, source, (nuint)bytes, MemcpyDeviceToDevice, IntPtr.Zero), "cudaMemcpyAsync");
        Check(cuda.StreamSynchronize(IntPtr.Zero), "cudaStreamSynchronize");
    }

    private static Functions Require() => Loaded.Value ?? throw new InvalidOperationException(
        "No CUDA runtime library (libcudart.so.13 or .12) could be loaded, so an output ONNX Runtime allocated on the GPU cannot be copied " +
        "into a torch tensor. Install the CUDA runtime ONNX Runtime's GPU build needs, or give the output's shape so it is pre-allocated.");

    private static void Check(int status, string function)
    {
        if (status == 0) return;
        string message = Loaded.Value is { } cuda && Marshal.PtrToStringAnsi(cuda.GetErrorString(status)) is { } text ? text : "unknown error";
        throw new InvalidOperationException($"CUDA {function} failed with error {status}: {message}.");
    }

    private static Functions? Load()
    {
        foreach (string name in new[] { "libcudart.so.13", "libcudart.so.12", "libcudart.so", "cudart64_13.dll", "cudart64_12.dll" })
        {
            if (!NativeLibrary.TryLoad(name, out IntPtr library)) continue;
            if (NativeLibrary.TryGetExport(library, "cudaMemcpyAsync", out IntPtr memcpy)
                && NativeLibrary.TryGetExport(library, "cudaStreamSynchronize", out IntPtr synchronize)
                && NativeLibrary.TryGetExport(library, "cudaGetDevice", out IntPtr getDevice)
                && NativeLibrary.TryGetExport(library, "cudaSetDevice", out IntPtr setDevice)
                && NativeLibrary.TryGetExport(library, "cudaGetErrorString", out IntPtr errorString))
                return new Functions(memcpy, synchronize, getDevice, setDevice, errorString);
        }
        return null;
    }

    // cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t count, cudaMemcpyKind kind, cudaStream_t stream);
    // cudaError_t cudaStreamSynchronize(cudaStream_t stream); cudaError_t cudaGetDevice(int* device);
    // cudaError_t cudaSetDevice(int device); const char* cudaGetErrorString(cudaError_t error).
    private sealed class Functions
    {
        public Functions(IntPtr memcpy, IntPtr synchronize, IntPtr getDevice, IntPtr setDevice, IntPtr errorString)
        {
            MemcpyAsync = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, nuint, int, IntPtr, int>)memcpy;
            StreamSynchronize = (delegate* unmanaged[Cdecl]<IntPtr, int>)synchronize;
            GetDevice = (delegate* unmanaged[Cdecl]<int*, int>)getDevice;
            SetDevice = (delegate* unmanaged[Cdecl]<int, int>)setDevice;
            GetErrorString = (delegate* unmanaged[Cdecl]<int, IntPtr>)errorString;
        }

        public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, nuint, int, IntPtr, int> MemcpyAsync { get; }
        public delegate* unmanaged[Cdecl]<IntPtr, int> StreamSynchronize { get; }
        public delegate* unmanaged[Cdecl]<int*, int> GetDevice { get; }
        public delegate* unmanaged[Cdecl]<int, int> SetDevice { get; }
        public delegate* unmanaged[Cdecl]<int, IntPtr> GetErrorString { get; }
    }
}
