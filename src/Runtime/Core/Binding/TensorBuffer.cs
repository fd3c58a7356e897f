using System;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// A tensor's memory as ONNX Runtime binds it: the address of its first element, its shape, its element type and the
/// device it lives on. It describes memory someone else owns (a front-end's tensor or array), dense and in row-major
/// order; that memory must stay valid while it is bound (see <see cref="IoBindingRunner"/>).
/// </summary>
internal readonly struct TensorBuffer
{
    public TensorBuffer(IntPtr data, long[] shape, TensorElementType elementType, BufferDevice device)
    {
        Data = data;
        Shape = shape;
        ElementType = elementType;
        Device = device;
    }

    /// <summary>The first element; may be zero for an empty tensor.</summary>
    public IntPtr Data { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar. Not copied: the caller must not change it.</summary>
    public long[] Shape { get; }

    /// <summary>The ONNX element type the memory holds.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Where the memory lives.</summary>
    public BufferDevice Device { get; }

    /// <summary>The size of the memory in bytes (<see cref="ElementTypes.ByteCount"/>: int4/uint4 take half a byte each).</summary>
    public long ByteCount
    {
        get
        {
            long count = 1;
            foreach (long dim in Shape) count *= dim;
            return ElementTypes.ByteCount(ElementType, count);
        }
    }
}
