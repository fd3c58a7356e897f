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
    private BoundValue(IntPtr data, long[] shape, long byteCount, BufferDevice device, OrtMemoryInfo memoryInfo, OrtValue value)
    {
        Data = data;
        Shape = shape;
        ByteCount = byteCount;
        Device = device;
        MemoryInfo = memoryInfo;
        Value = value;
    }

    public IntPtr Data { get; }
    public long[] Shape { get; }

    /// <summary>How many bytes from <see cref="Data"/> the value covers (for the overlap check of caller-owned memory).</summary>
    public long ByteCount { get; }

    /// <summary>Where <see cref="Data"/> lives: addresses are compared only on one device.</summary>
    public BufferDevice Device { get; }
    public OrtMemoryInfo MemoryInfo { get; }
    public OrtValue Value { get; }

    /// <summary>An OrtValue over <paramref name="buffer"/>'s memory (no copy), recorded in the <see cref="NativeLedger"/>.</summary>
    public static BoundValue Over(in TensorBuffer buffer, OrtMemoryInfo memoryInfo)
    {
        long[] shape = (long[])buffer.Shape.Clone();
        long bytes = buffer.ByteCount;
        OrtValue value = OrtValue.CreateTensorValueWithData(memoryInfo, buffer.ElementType, shape, buffer.Data, bytes);
        return new BoundValue(buffer.Data, shape, bytes, buffer.Device, memoryInfo, NativeLedger.Owned(value));
    }

    public bool Matches(in TensorBuffer buffer, OrtMemoryInfo memoryInfo) =>
        buffer.Data == Data && ReferenceEquals(memoryInfo, MemoryInfo) && buffer.Shape.AsSpan().SequenceEqual(Shape);

    public void Release() => NativeLedger.Release(Value);

    /// <summary>Whether this value's bytes and <paramref name="other"/>'s share an address on one device (empty values share none).</summary>
    public bool Overlaps(BoundValue other) =>
        Device == other.Device && MemoryRanges.Overlap(Data, ByteCount, other.Data, other.ByteCount);
}
