using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.Interop;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Moves tensor memory between TorchSharp and ONNX Runtime: addresses of torch tensors, and host outputs ONNX Runtime
/// allocated handed to torch without a copy (a CUDA one is copied on the device: <see cref="TorchFrontEnd"/>).
/// </summary>
/// <remarks>
/// Why <c>THSTensor_data</c> and not <c>storage&lt;T&gt;().data_ptr()</c>: the latter is the tensor's own memory only
/// when <c>T</c> matches the dtype (otherwise it silently converts into a new buffer), throws for
/// float16, ignores the storage offset and makes an alias tensor per call (211 ns, 48 B);
/// <c>THSTensor_data</c> returns the data pointer with the offset applied, for any dtype and any
/// device, in 8 ns with no allocation. <c>Tensor.bytes</c> would also work but only on CPU.
/// </remarks>
internal static unsafe class TensorMemory
{
    // Outputs ONNX Runtime allocated and torch now uses: data pointer → the OrtValue that owns it.
    private static readonly ConcurrentDictionary<IntPtr, OrtValue> Adopted = new();

    /// <summary>The address of the first element of a contiguous tensor (CPU or CUDA).</summary>
    public static IntPtr DataPointer(torch.Tensor tensor)
    {
        IntPtr data = TensorFacts.Data(tensor);
        if (data == IntPtr.Zero && TensorFacts.ElementCount(tensor) > 0) ThrowLastTorchError("THSTensor_data");
        return data;
    }

    /// <summary>Number of tensors handed to torch whose ONNX Runtime memory is not yet released (for leak tests).</summary>
    internal static int AdoptedCount => Adopted.Count;

    /// <summary>
    /// Hands an ONNX Runtime-allocated host output of <paramref name="shape"/> to torch. Zero-copy: the torch tensor wraps
    /// the OrtValue's memory and releases the OrtValue when libtorch frees the storage. Falls back to a copy when the
    /// memory cannot be tracked uniquely (empty tensors, or one buffer returned twice). Takes ownership of
    /// <paramref name="value"/> (recorded in the <see cref="NativeLedger"/>) in every case.
    /// </summary>
    public static torch.Tensor Adopt(OrtValue value, long[] shape, torch.ScalarType dtype)
    {
        IntPtr data;
        try
        {
            data = OutputRoutes.AddressOf(value);
        }
        catch
        {
            NativeLedger.Release(value);
            throw;
        }
        if (data != IntPtr.Zero && Adopted.TryAdd(data, value))
        {
            try
            {
                return WrapHost(data, &ReleaseAdopted, shape, dtype);
            }
            catch
            {
                Adopted.TryRemove(data, out _);
                NativeLedger.Release(value);
                throw;
            }
        }

        try
        {
            if (data == IntPtr.Zero) return torch.empty(shape, dtype);
            using torch.Tensor view = WrapHost(data, &ReleaseNothing, shape, dtype);
            return view.clone();
        }
        finally
        {
            NativeLedger.Release(value);
        }
    }

    // THSTensor_new makes a CPU tensor over the pointer (for another device it would copy from it as if it were host memory).
    internal static torch.Tensor WrapHost(IntPtr data, delegate* unmanaged[Cdecl]<IntPtr, void> deleter, long[] shape, torch.ScalarType dtype)
    {
        IntPtr handle;
        fixed (long* sizes = shape)
        {
            handle = NativeMethods.THSTensor_new(data, deleter, sizes, shape.Length, (sbyte)dtype, (sbyte)dtype,
                (int)DeviceType.CPU, -1, requiresGrad: false);
        }
        if (handle == IntPtr.Zero) ThrowLastTorchError("THSTensor_new");
        return torch.Tensor.UnsafeCreateTensor(handle);
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void ReleaseAdopted(IntPtr data)
    {
        if (Adopted.TryRemove(data, out OrtValue? value)) NativeLedger.Release(value);
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void ReleaseNothing(IntPtr data)
    {
    }

    private static void ThrowLastTorchError(string function)
    {
        IntPtr error = NativeMethods.THSTorch_get_and_reset_last_err();
        string message = error == IntPtr.Zero ? "no error message" : Marshal.PtrToStringAnsi(error) ?? "no error message";
        throw new InvalidOperationException($"LibTorchSharp {function} failed: {message}");
    }
}
