using System;
using OnnxTyped.Interop;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// The facts of a torch tensor a call reads per tensor (dtype, rank, sizes, layout, device, data pointer), each one
/// native call of a few nanoseconds. TorchSharp's own properties read the same fields at 8-20 ns each: they pay the GC
/// transition, and some (<c>is_contiguous</c>, <c>size</c>) a second native call for their error check. A call reads
/// about eight of these per tensor, against a floor of about 2 µs on a tiny model
/// (<c>bench/OnnxTyped.Benchmarks/Pieces</c> measures both).
/// </summary>
/// <remarks>
/// Every method needs a live tensor (not disposed): callers check <c>IsInvalid</c> first, as the checks do, and a
/// dimension index below the rank.
/// </remarks>
internal static class TensorFacts
{
    public static torch.ScalarType Dtype(torch.Tensor tensor) => (torch.ScalarType)NativeMethods.THSTensor_type(tensor.Handle);

    public static int Rank(torch.Tensor tensor) => (int)NativeMethods.THSTensor_ndimension(tensor.Handle);

    /// <summary>Writes the tensor's sizes into <paramref name="shape"/>, which has <see cref="Rank"/> entries.</summary>
    public static void SizesInto(torch.Tensor tensor, Span<long> shape)
    {
        IntPtr handle = tensor.Handle;
        for (int d = 0; d < shape.Length; d++) shape[d] = NativeMethods.THSTensor_size(handle, d);
    }

    public static long ElementCount(torch.Tensor tensor) => NativeMethods.THSTensor_numel(tensor.Handle);

    public static bool IsContiguous(torch.Tensor tensor) => NativeMethods.THSTensor_is_contiguous(tensor.Handle) != 0;

    public static DeviceType DeviceType(torch.Tensor tensor) => (DeviceType)NativeMethods.THSTensor_device_type(tensor.Handle);

    /// <summary>The device index; read only for a device other than the CPU (CPU tensors report -1 or 0, and there is one CPU).</summary>
    public static int DeviceIndex(torch.Tensor tensor) => NativeMethods.THSTensor_device_index(tensor.Handle);

    /// <summary>The address of the first element, storage offset included; zero when the tensor has no storage (or no elements).</summary>
    public static IntPtr Data(torch.Tensor tensor) => NativeMethods.THSTensor_data(tensor.Handle);
}
