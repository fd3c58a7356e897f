using System;
using System.Runtime.InteropServices;

namespace OnnxTyped.Interop;

/// <summary>
/// LibTorchSharp exports that TorchSharp 0.107 does not make public. The library is already loaded
/// by TorchSharp itself; these imports resolve to the same copy.
/// </summary>
internal static unsafe class NativeMethods
{
    private const string LibTorchSharp = "LibTorchSharp";

    // void* THSTensor_data(const Tensor tensor): the tensor's data pointer, storage offset included, any dtype.
    [DllImport(LibTorchSharp)]
    internal static extern IntPtr THSTensor_data(IntPtr tensor);

    // Tensor THSTensor_new(void* data, void (*deleter)(void*), const int64_t* sizes, int szlength,
    //                      int8_t scalar_type, int8_t dtype, int device_type, int device_index, bool requires_grad)
    // Wraps foreign memory without copying; libtorch calls `deleter(data)` when the storage dies.
    [DllImport(LibTorchSharp)]
    internal static extern IntPtr THSTensor_new(
        IntPtr data,
        delegate* unmanaged[Cdecl]<IntPtr, void> deleter,
        long* sizes,
        int sizeCount,
        sbyte scalarType,
        sbyte dtype,
        int deviceType,
        int deviceIndex,
        [MarshalAs(UnmanagedType.U1)] bool requiresGrad);

    // const char* THSTorch_get_and_reset_last_err(): the last libtorch error message, or null.
    [DllImport(LibTorchSharp)]
    internal static extern IntPtr THSTorch_get_and_reset_last_err();
}
