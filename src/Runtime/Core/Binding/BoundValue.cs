using System;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// What one input or output is bound to: the address, shape and memory it was bound with, and the OrtValue describing
/// that memory (owned here). The binding refers to memory by address only, so an equal address, shape and memory
/// info mean an equal binding, whichever buffer now owns that memory.
/// </summary>
internal sealed class BoundValue
{
    private BoundValue(IntPtr data, long[] shape, OrtMemoryInfo memoryInfo, OrtValue value)
    {
        Data = data;
        Shape = shape;
        MemoryInfo = memoryInfo;
        Value = value;
    }

    public IntPtr Data { get; }
    public long[] Shape { get; }
    public OrtMemoryInfo MemoryInfo { get; }
    public OrtValue Value { get; }

    /// <summary>An OrtValue over <paramref name="buffer"/>'s memory (no copy), recorded in the <see cref="NativeLedger"/>.</summary>
    public static BoundValue Over(in TensorBuffer buffer, OrtMemoryInfo memoryInfo)
    {
        long[] shape = (long[])buffer.Shape.Clone();
        OrtValue value = OrtValue.CreateTensorValueWithData(memoryInfo, buffer.ElementType, shape, buffer.Data, buffer.ByteCount);
        return new BoundValue(buffer.Data, shape, memoryInfo, NativeLedger.Owned(value));
    }

    public bool Matches(in TensorBuffer buffer, OrtMemoryInfo memoryInfo) =>
        buffer.Data == Data && ReferenceEquals(memoryInfo, MemoryInfo) && buffer.Shape.AsSpan().SequenceEqual(Shape);

    public void Release() => NativeLedger.Release(Value);
}
