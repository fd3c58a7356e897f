using System;
using System.Runtime.InteropServices;

namespace OnnxTyped.Interop;

/// <summary>
/// LibTorchSharp exports that TorchSharp 0.107 does not make public, or not without overhead a call pays per tensor.
/// The library is already loaded by TorchSharp itself; these imports resolve to the same copy.
/// </summary>
/// <remarks>
/// The tensor accessors below are marked <see cref="SuppressGCTransitionAttribute"/>: each reads a field of a live
/// tensor in a few nanoseconds, never blocks, never calls back and catches its own C++ exceptions, which is what the
/// attribute requires. Without it each call pays the GC transition, and TorchSharp's public wrappers add a second
/// native call for their error check (see <c>TensorFacts</c>).
/// </remarks>
internal static unsafe class NativeMethods
{
    private const string LibTorchSharp = "LibTorchSharp";

    // void* THSTensor_data(const Tensor tensor): the tensor's data pointer, storage offset included, any dtype.
    [DllImport(LibTorchSharp)]
    [SuppressGCTransition]
    internal static extern IntPtr THSTensor_data(IntPtr tensor);

    // int8_t THSTensor_type(const Tensor tensor): the scalar type (torch.ScalarType).
    [DllImport(LibTorchSharp)]
    [SuppressGCTransition]
    internal static extern sbyte THSTensor_type(IntPtr tensor);

    // int64_t THSTensor_ndimension(const Tensor tensor)
    [DllImport(LibTorchSharp)]
    [SuppressGCTransition]
    internal static extern long THSTensor_ndimension(IntPtr tensor);

    // int64_t THSTensor_size(const Tensor tensor, const int64_t dim): 0 (and a last error) for a dim out of range.
    [DllImport(LibTorchSharp)]
    [SuppressGCTransition]
    internal static extern long THSTensor_size(IntPtr tensor, long dim);

    // int64_t THSTensor_numel(const Tensor tensor)
    [DllImport(LibTorchSharp)]
    [SuppressGCTransition]
    internal static extern long THSTensor_numel(IntPtr tensor);

    // bool THSTensor_is_contiguous(const Tensor tensor): a C++ bool in the LibTorchSharp of TorchSharp 0.107 (read as an int,
    // non-contiguous tensors came out nonzero: the upper bytes are undefined), an int in some other versions; a byte reads
    // the low byte of the return register, right for both.
    [DllImport(LibTorchSharp)]
    [SuppressGCTransition]
    internal static extern byte THSTensor_is_contiguous(IntPtr tensor);

    // int THSTensor_device_type(const Tensor tensor) (TorchSharp.DeviceType) and int THSTensor_device_index(const Tensor tensor).
    [DllImport(LibTorchSharp)]
    [SuppressGCTransition]
    internal static extern int THSTensor_device_type(IntPtr tensor);

    [DllImport(LibTorchSharp)]
    [SuppressGCTransition]
    internal static extern int THSTensor_device_index(IntPtr tensor);

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
