using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace OnnxTyped.Interop;

/// <summary>
/// The few CUDA runtime calls TorchSharp does not offer, from a <c>libcudart</c> found by <see cref="CudaRuntimeLibraries"/>:
/// on Linux, one the process has already mapped (ONNX Runtime's CUDA provider links <c>libcudart.so.13</c> in 1.31, older
/// builds <c>.so.12</c>) is preferred; otherwise, and always on Windows, the first of a fixed list of names the loader
/// resolves, which may be another copy than the one ONNX Runtime uses. Every CUDA runtime of a process shares the device's
/// primary context, so pointers and devices are the same through either. Unverified on hardware (see docs/cuda.md).
/// </summary>
internal sealed unsafe class CudaRuntime : ICudaRuntimeApi
{
    private const int MemcpyDeviceToDevice = 3;

    /// <summary>The process's CUDA runtime (loaded at first use).</summary>
    public static CudaRuntime Native { get; } = new();

    private readonly Lazy<Functions?> _loaded = new(Load);

    private CudaRuntime()
    {
    }

    public bool IsAvailable => _loaded.Value is not null;

    public int GetDevice()
    {
        Functions cuda = Require();
        int device;
        Check(cuda.GetDevice(&device), "cudaGetDevice");
        return device;
    }

    public void SetDevice(int device) => Check(Require().SetDevice(device), "cudaSetDevice");

    // Runs on the legacy default stream, torch's stream, after the work already queued there.
    public void CopyDeviceToDevice(IntPtr destination, IntPtr source, long bytes) =>
        Check(Require().MemcpyAsync(destination, source, (nuint)bytes, MemcpyDeviceToDevice, IntPtr.Zero), "cudaMemcpyAsync");

    // The wait makes the copies' sources free to release and their destinations readable on any stream afterwards.
    public void SynchronizeLegacyStream() => Check(Require().StreamSynchronize(IntPtr.Zero), "cudaStreamSynchronize");

    public void DeviceSynchronize() => Check(Require().DeviceSynchronize(), "cudaDeviceSynchronize");

    private Functions Require() => _loaded.Value ?? throw new InvalidOperationException(
        "No CUDA runtime library (libcudart.so.13 or .12, cudart64_13.dll or _12.dll) could be loaded, so an output ONNX Runtime allocated on the GPU cannot be copied " +
        "into a torch tensor. Install the CUDA runtime ONNX Runtime's GPU build needs, or give the output's shape so it is pre-allocated.");

    private void Check(int status, string function)
    {
        if (status == 0) return;
        string message = _loaded.Value is { } cuda && Marshal.PtrToStringAnsi(cuda.GetErrorString(status)) is { } text ? text : "unknown error";
        throw new InvalidOperationException($"CUDA {function} failed with error {status}: {message}.");
    }

    private static Functions? Load()
    {
        foreach (string name in CudaRuntimeLibraries.Candidates(MappedLibraries(), CudaRuntimeLibraries.Names))
        {
            if (!NativeLibrary.TryLoad(name, out IntPtr library)) continue;
            if (NativeLibrary.TryGetExport(library, "cudaMemcpyAsync", out IntPtr memcpy)
                && NativeLibrary.TryGetExport(library, "cudaStreamSynchronize", out IntPtr synchronize)
                && NativeLibrary.TryGetExport(library, "cudaGetDevice", out IntPtr getDevice)
                && NativeLibrary.TryGetExport(library, "cudaSetDevice", out IntPtr setDevice)
                && NativeLibrary.TryGetExport(library, "cudaDeviceSynchronize", out IntPtr deviceSynchronize)
                && NativeLibrary.TryGetExport(library, "cudaGetErrorString", out IntPtr errorString))
                return new Functions(memcpy, synchronize, getDevice, setDevice, deviceSynchronize, errorString);
        }
        return null;
    }

    // The files mapped into this process, from /proc/self/maps (Linux only; elsewhere, or unreadable, none).
    private static IReadOnlyList<string> MappedLibraries()
    {
        if (!OperatingSystem.IsLinux()) return Array.Empty<string>();
        try
        {
            var paths = new List<string>();
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0) paths.Add(line[slash..]);
            }
            return paths;
        }
        catch (IOException)
        {
            return Array.Empty<string>();
        }
        catch (UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    // cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t count, cudaMemcpyKind kind, cudaStream_t stream);
    // cudaError_t cudaStreamSynchronize(cudaStream_t stream); cudaError_t cudaGetDevice(int* device);
    // cudaError_t cudaSetDevice(int device); cudaError_t cudaDeviceSynchronize(void); const char* cudaGetErrorString(cudaError_t error).
    private sealed class Functions
    {
        public Functions(IntPtr memcpy, IntPtr synchronize, IntPtr getDevice, IntPtr setDevice, IntPtr deviceSynchronize, IntPtr errorString)
        {
            MemcpyAsync = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, nuint, int, IntPtr, int>)memcpy;
            StreamSynchronize = (delegate* unmanaged[Cdecl]<IntPtr, int>)synchronize;
            GetDevice = (delegate* unmanaged[Cdecl]<int*, int>)getDevice;
            SetDevice = (delegate* unmanaged[Cdecl]<int, int>)setDevice;
            DeviceSynchronize = (delegate* unmanaged[Cdecl]<int>)deviceSynchronize;
            GetErrorString = (delegate* unmanaged[Cdecl]<int, IntPtr>)errorString;
        }

        public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, nuint, int, IntPtr, int> MemcpyAsync { get; }
        public delegate* unmanaged[Cdecl]<IntPtr, int> StreamSynchronize { get; }
        public delegate* unmanaged[Cdecl]<int*, int> GetDevice { get; }
        public delegate* unmanaged[Cdecl]<int, int> SetDevice { get; }
        public delegate* unmanaged[Cdecl]<int> DeviceSynchronize { get; }
        public delegate* unmanaged[Cdecl]<int, IntPtr> GetErrorString { get; }
    }
}
