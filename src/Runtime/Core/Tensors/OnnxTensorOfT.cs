using System;
using System.Buffers;
using System.Threading;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// A dense, row-major tensor of <typeparamref name="T"/> (its ONNX element type fixed at compile time, see
/// <see cref="DotnetElementTypes"/>): the inputs, outputs and destination buffers of the typed front-end. It is bound
/// by address, never copied: over the caller's memory (<see cref="FromArray"/>, <see cref="FromMemory"/>,
/// <see cref="FromDenseTensor"/>) pinned for each call, or over native memory it owns (<see cref="Allocate"/>, and the
/// outputs of a run) until it is disposed. Native memory may be on a session's device
/// (<see cref="ModelSession.AllocateTensor{T}"/>, <see cref="ModelSession.OutputsOnDevice"/>): such a tensor is copied to
/// and from host memory explicitly (<c>OnnxTensorOfT.Copies.cs</c>).
/// </summary>
/// <remarks>
/// int4 and uint4 are packed two elements to a value (<see cref="Int4x2"/>, <see cref="UInt4x2"/>, the first in the low
/// nibble), as ONNX stores them: <see cref="OnnxTensor.ElementCount"/> counts elements, while the memory, <see cref="Span"/>
/// and <see cref="ToArray"/> hold ceil(<see cref="OnnxTensor.ElementCount"/> / 2) pairs.
/// </remarks>
/// <typeparam name="T">
/// float, double, Half, BFloat16, sbyte, byte, short, ushort, int, uint, long, ulong, bool, Float8E4M3FN, Float8E4M3FNUZ,
/// Float8E5M2, Float8E5M2FNUZ, Int4x2 or UInt4x2.
/// </typeparam>
public sealed unsafe partial class OnnxTensor<T> : OnnxTensor where T : unmanaged
{
    private readonly Memory<T> _managed;
    private readonly NativeTensorMemory? _native;
    private int _disposed;

    private OnnxTensor(Memory<T> managed, long[] shape)
        : base(DotnetElementTypes.Of<T>(), shape, BufferDevice.Cpu)
    {
        _managed = managed;
    }

    internal OnnxTensor(NativeTensorMemory native, long[] shape, BufferDevice device)
        : base(DotnetElementTypes.Of<T>(), shape, device)
    {
        _native = native;
    }

    /// <summary>
    /// A tensor over <paramref name="data"/> with <paramref name="shape"/> (no copy: writes to the array show in the
    /// tensor). The array must hold exactly as many elements as the shape (for int4/uint4, ceil(elements / 2) pairs).
    /// </summary>
    /// <exception cref="ArgumentException">The element count differs from the shape's, or a dimension is negative.</exception>
    public static OnnxTensor<T> FromArray(T[] data, params long[] shape) =>
        FromMemory(data ?? throw new ArgumentNullException(nameof(data)), shape);

    /// <summary>
    /// A tensor over <paramref name="data"/> with <paramref name="shape"/> (no copy). Its length must be the shape's element
    /// count (for int4/uint4, ceil(count / 2) pairs).
    /// </summary>
    /// <exception cref="ArgumentException">The element count differs from the shape's, or a dimension is negative.</exception>
    public static OnnxTensor<T> FromMemory(Memory<T> data, params long[] shape)
    {
        long[] dims = (long[])(shape ?? throw new ArgumentNullException(nameof(shape))).Clone();
        long count = ElementCountOf(dims);
        TensorElementType type = DotnetElementTypes.Of<T>();
        long stored = ElementTypes.StoredCount(type, count);
        if (stored != data.Length)
            throw new ArgumentException(
                ElementTypes.IsPackedInNibbles(type)
                    ? $"The shape {ShapeText.Of(dims)} holds {count} {ElementTypes.OnnxName(type)} element(s), packed two to a byte in {stored} {typeof(T).Name} " +
                      $"pair(s) (the first in the low nibble), but the memory holds {data.Length} pair(s)."
                    : $"The shape {ShapeText.Of(dims)} holds {count} element(s), but the memory holds {data.Length}.",
                nameof(data));
        return new OnnxTensor<T>(data, dims);
    }

    /// <summary>A tensor sharing <paramref name="tensor"/>'s buffer and shape (no copy).</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> packs two elements to a value (int4/uint4), which a <see cref="DenseTensor{T}"/> cannot describe.</exception>
    public static OnnxTensor<T> FromDenseTensor(DenseTensor<T> tensor)
    {
        if (tensor is null) throw new ArgumentNullException(nameof(tensor));
        ThrowIfPacked(nameof(FromDenseTensor));
        ReadOnlySpan<int> dims = tensor.Dimensions;
        var shape = new long[dims.Length];
        for (int d = 0; d < dims.Length; d++) shape[d] = dims[d];
        return FromMemory(tensor.Buffer, shape);
    }

    /// <summary>A new zeroed tensor of <paramref name="shape"/> in native host memory, owned by it: dispose it to free the memory.</summary>
    public static OnnxTensor<T> Allocate(params long[] shape)
    {
        TensorElementType type = DotnetElementTypes.Of<T>(); // an unsupported T fails before anything is allocated
        long[] dims = (long[])(shape ?? throw new ArgumentNullException(nameof(shape))).Clone();
        long count = ElementCountOf(dims);
        long bytes;
        try
        {
            bytes = ElementTypes.ByteCount(type, count);
        }
        catch (OverflowException)
        {
            throw new ArgumentException(
                $"The shape {ShapeText.Of(dims)} holds {count} elements of {sizeof(T)} byte(s): more bytes than any memory can hold.", nameof(shape));
        }
        return new OnnxTensor<T>(NativeTensorMemory.Allocate(bytes, zeroed: true), dims, BufferDevice.Cpu);
    }

    /// <summary>
    /// The values, in row-major order (for int4/uint4, ceil(<see cref="OnnxTensor.ElementCount"/> / 2) pairs). Host memory only; valid until the tensor is disposed. A span kept past
    /// <see cref="Dispose"/> of an output the runtime allocated points into a block the runtime hands to the next call's
    /// output of that size (so it silently shows that call's values) or has freed: copy what you keep (<see cref="ToArray"/>).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The tensor was disposed.</exception>
    /// <exception cref="InvalidOperationException">The memory is on a GPU, or holds more than <see cref="int.MaxValue"/> elements.</exception>
    public Span<T> Span
    {
        get
        {
            if (IsDisposed) throw new ObjectDisposedException(ToString());
            if (_native is null) return _managed.Span;
            if (Device.IsCuda)
                throw new InvalidOperationException($"The tensor is on {Device}: its memory cannot be read from the host. Copy it first (ToHost, CopyTo, ToArray).");
            long length = ElementTypes.StoredCount(ElementType, ElementCount);
            if (length > int.MaxValue) throw new InvalidOperationException($"The tensor holds {length} values, more than a span can.");
            return new Span<T>((void*)_native.Address, (int)length);
        }
    }

    /// <summary>A copy of the values, in row-major order (copied from the device for a tensor on one).</summary>
    public T[] ToArray() => Device.IsCuda ? DeviceToArray() : Span.ToArray();

    /// <summary>A <see cref="DenseTensor{T}"/> holding a copy of the values, with this shape.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> packs two elements to a value (int4/uint4), which a <see cref="DenseTensor{T}"/> cannot describe.</exception>
    public DenseTensor<T> ToDenseTensor()
    {
        ThrowIfPacked(nameof(ToDenseTensor));
        var dims = new int[Rank];
        for (int d = 0; d < dims.Length; d++) dims[d] = checked((int)Shape[d]);
        return new DenseTensor<T>(ToArray(), dims);
    }

    // A DenseTensor holds one value per element of its shape; an Int4x2/UInt4x2 holds two.
    private static void ThrowIfPacked(string method)
    {
        if (ElementTypes.IsPackedInNibbles(DotnetElementTypes.Of<T>()))
            throw new NotSupportedException(
                $"{method} is not available for OnnxTensor<{typeof(T).Name}>: a DenseTensor holds one value per element, while each {typeof(T).Name} packs two. " +
                $"Use Span, ToArray or FromMemory with the packed pairs ({typeof(T).Name}.Pack and Unpack convert).");
    }

    /// <inheritdoc/>
    public override bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal override IntPtr Pin(ref PinnedTensor pin)
    {
        if (_native is null)
        {
            pin.Managed = _managed.Pin();
            return (IntPtr)pin.Managed.Pointer;
        }
        bool added = false;
        _native.DangerousAddRef(ref added); // throws ObjectDisposedException once the memory is released
        pin.Native = _native;
        return _native.Address;
    }

    internal override void Unpin(ref PinnedTensor pin)
    {
        pin.Managed.Dispose();
        pin.Managed = default;
        pin.Native?.DangerousRelease();
        pin.Native = null;
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _native?.Dispose();
    }
}
