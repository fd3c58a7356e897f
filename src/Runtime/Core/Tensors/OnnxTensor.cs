using System;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// A dense, row-major tensor in memory ONNX Runtime can bind by address: the element type, the shape and the device,
/// without the element type in the .NET type. The typed front-end's values are <see cref="OnnxTensor{T}"/>; this base
/// lets the runtime handle a call's tensors of every element type in one array.
/// </summary>
/// <remarks>
/// Ownership: a tensor over the caller's memory (<see cref="OnnxTensor{T}.FromArray"/>, <see cref="OnnxTensor{T}.FromMemory"/>)
/// does not own it, and disposing it only stops its use. A tensor the runtime allocated (outputs, <see cref="OnnxTensor{T}.Allocate"/>)
/// owns native memory and frees it on <see cref="Dispose"/>; a call using it holds it alive until the call returns.
/// </remarks>
public abstract class OnnxTensor : IDisposable
{
    private readonly long[] _shape;
    private readonly long _elementCount;

    private protected OnnxTensor(TensorElementType elementType, long[] shape, BufferDevice device)
    {
        ElementType = elementType;
        _shape = shape;
        _elementCount = ElementCountOf(shape);
        Device = device;
    }

    /// <summary>The ONNX element type of the values.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements: the product of the dimensions (1 for a scalar).</summary>
    public long ElementCount => _elementCount;

    /// <summary>Where the memory lives.</summary>
    public BufferDevice Device { get; }

    /// <summary>Whether <see cref="Dispose"/> was called.</summary>
    public abstract bool IsDisposed { get; }

    /// <summary>The shape array itself, for binding (never handed to users: they could change it).</summary>
    internal long[] ShapeArray => _shape;

    /// <summary>
    /// For a tensor a run returned, the ONNX name of the output it holds, so that messages about it (disposed, passed on
    /// as an input) name the output; <see langword="null"/> for tensors the caller made.
    /// </summary>
    internal string? OutputName { get; set; }

    /// <summary>
    /// The element type and shape, as messages print them: <c>float32 [1, 3]</c>; for an output of a run, with its name:
    /// <c>output 'stateN' (float32 [2, 1, 128])</c>.
    /// </summary>
    public override string ToString()
    {
        string text = ElementTypes.OnnxName(ElementType) + " " + ShapeText.Of(_shape);
        return OutputName is null ? text : "output '" + OutputName + "' (" + text + ")";
    }

    /// <summary>
    /// Makes the memory's address stable for one call and holds the memory alive until <see cref="Unpin"/>: disposing the
    /// tensor meanwhile frees nothing until the call ends. Returns the address of the first element.
    /// </summary>
    internal abstract IntPtr Pin(ref PinnedTensor pin);

    /// <summary>Ends what <see cref="Pin"/> began.</summary>
    internal abstract void Unpin(ref PinnedTensor pin);

    /// <summary>Stops the tensor's use; frees its memory when the runtime allocated it (after any call using it returns).</summary>
    public abstract void Dispose();

    /// <summary>The product of <paramref name="shape"/>'s dimensions; throws for a negative one or an overflow.</summary>
    internal static long ElementCountOf(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (long dim in shape)
        {
            if (dim < 0) throw new ArgumentException($"A tensor dimension cannot be negative (shape {ShapeText.Of(shape.ToArray())}).", nameof(shape));
            if (dim != 0 && count > long.MaxValue / dim)
                throw new ArgumentException($"The shape {ShapeText.Of(shape.ToArray())} holds more elements than a 64-bit count (or any memory) can hold.", nameof(shape));
            count *= dim;
        }
        return count;
    }
}

/// <summary>What <see cref="OnnxTensor.Pin"/> holds for one call: a pinned managed buffer, or a reference on native memory.</summary>
internal struct PinnedTensor
{
    public System.Buffers.MemoryHandle Managed;
    public SafeHandle? Native;
}
