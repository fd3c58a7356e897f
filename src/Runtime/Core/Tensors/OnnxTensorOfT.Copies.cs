using System;

namespace OnnxTyped;

// Explicit copies between a tensor and other memory, on any device: the only way values reach or leave a tensor on a
// session's device (its Span is host memory only). How each copy runs and when it is complete: TensorCopies,
// DeviceTensorOrdering (docs/cuda.md, "Device-resident typed tensors").
public sealed unsafe partial class OnnxTensor<T>
{
    /// <summary>
    /// Copies the values into <paramref name="destination"/>, a tensor of the same shape on any device (host or CUDA). Both
    /// tensors are held alive for the copy, which is complete when this returns.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    /// <exception cref="ObjectDisposedException">Either tensor was disposed.</exception>
    /// <exception cref="InvalidOperationException">A CUDA copy, and ONNX Runtime's CUDA data transfer cannot be registered (a CPU build).</exception>
    public void CopyTo(OnnxTensor<T> destination)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        if (!Shape.SequenceEqual(destination.Shape))
            throw new ArgumentException(
                $"The destination has shape {ShapeText.Of(destination.ShapeArray)}, but this tensor has {ShapeText.Of(ShapeArray)}.", nameof(destination));
        EnsureNotDisposed(this);
        EnsureNotDisposed(destination);
        var sourcePin = new PinnedTensor();
        var destinationPin = new PinnedTensor();
        IntPtr source = Pin(ref sourcePin);
        try
        {
            IntPtr target = destination.Pin(ref destinationPin);
            try
            {
                TensorCopies.Copy(source, Device, target, destination.Device, ElementType, ElementCount);
            }
            finally
            {
                destination.Unpin(ref destinationPin);
            }
        }
        finally
        {
            Unpin(ref sourcePin);
        }
    }

    /// <summary>Copies the values into host memory <paramref name="destination"/>, which holds exactly <see cref="OnnxTensor.ElementCount"/> elements.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ObjectDisposedException">The tensor was disposed.</exception>
    public void CopyTo(Span<T> destination)
    {
        CheckLength(destination.Length, nameof(destination));
        fixed (T* target = destination) CopyWithHost((IntPtr)target, toHost: true);
    }

    /// <summary>Copies host memory <paramref name="source"/>, exactly <see cref="OnnxTensor.ElementCount"/> elements in row-major order, into the tensor.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ObjectDisposedException">The tensor was disposed.</exception>
    public void CopyFrom(ReadOnlySpan<T> source)
    {
        CheckLength(source.Length, nameof(source));
        fixed (T* from = source) CopyWithHost((IntPtr)from, toHost: false);
    }

    /// <summary>
    /// A new tensor in host memory with a copy of the values and this shape, owned by the caller (dispose it to free the
    /// memory). A copy also for a tensor already in host memory.
    /// </summary>
    public OnnxTensor<T> ToHost()
    {
        EnsureNotDisposed(this);
        long[] shape = (long[])ShapeArray.Clone();
        var host = new OnnxTensor<T>(NativeTensorMemory.Allocate(ElementCount * sizeof(T), zeroed: false), shape, BufferDevice.Cpu);
        try
        {
            CopyTo(host);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    // ToArray of a tensor on a device: the values copied into a new array.
    private T[] DeviceToArray()
    {
        if (ElementCount > int.MaxValue) throw new InvalidOperationException($"The tensor holds {ElementCount} elements, more than an array can.");
        var values = new T[ElementCount];
        CopyTo(values);
        return values;
    }

    private void CopyWithHost(IntPtr host, bool toHost)
    {
        EnsureNotDisposed(this);
        var pin = new PinnedTensor();
        IntPtr memory = Pin(ref pin);
        try
        {
            if (toHost) TensorCopies.Copy(memory, Device, host, BufferDevice.Cpu, ElementType, ElementCount);
            else TensorCopies.Copy(host, BufferDevice.Cpu, memory, Device, ElementType, ElementCount);
        }
        finally
        {
            Unpin(ref pin);
        }
    }

    private void CheckLength(int length, string parameter)
    {
        if (length != ElementCount)
            throw new ArgumentException($"The span holds {length} element(s), but {this} holds {ElementCount}.", parameter);
    }

    private static void EnsureNotDisposed(OnnxTensor tensor)
    {
        if (tensor.IsDisposed) throw new ObjectDisposedException(tensor.ToString());
    }
}
