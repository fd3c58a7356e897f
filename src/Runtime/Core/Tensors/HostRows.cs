using System;
using System.Collections.Generic;

namespace OnnxTyped;

/// <summary>
/// Rows of <see cref="OnnxTensor"/>s in host memory, cut and joined along dimension 0 for a split batch: a chunk of an
/// input (with zero rows of padding) and an output put back together from its chunks. Both copy into new tensors the
/// caller owns, so nothing made here refers to memory it does not own.
/// </summary>
internal static unsafe class HostRows
{
    /// <summary>
    /// Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="rows"/> of <paramref name="input"/>
    /// (its shape <paramref name="shape"/>), then <paramref name="padding"/> rows of zeros, in a new tensor.
    /// </summary>
    /// <exception cref="OnnxInputException">
    /// The input is in GPU memory (a batch is cut in host memory here), or is int4/uint4 with rows that end mid-byte.
    /// </exception>
    public static OnnxTensor Cut(OnnxTensor input, long[] shape, TensorSignature declared, long start, long rows, long padding)
    {
        if (input.Device.IsCuda)
            throw new OnnxInputException(declared.Name, "host memory (to split the batch)", input.Device.ToString(),
                $"Input '{declared.Name}' is on {input.Device}: OnnxTensor batches are split in host memory. Give host memory, " +
                "or run without a batch size limit (the TorchSharp front-end splits GPU batches on the GPU).");
        if (!PackedRows.AtByteBoundaries(declared, PackedRows.RowElements(shape, 0)))
            throw PackedRows.InputRefused(declared, shape, 0, "to split the batch");
        long rowBytes = RowBytes(shape, declared);
        long[] runShape = (long[])shape.Clone();
        runShape[0] = rows + padding;
        NativeTensorMemory memory = NativeTensorMemory.Allocate(checked(rowBytes * runShape[0]), zeroed: false);
        try
        {
            CopyRows(input, start * rowBytes, memory.Address, rows * rowBytes);
            if (padding > 0) System.Runtime.InteropServices.NativeMemory.Clear((void*)(memory.Address + (nint)(rows * rowBytes)), (nuint)(padding * rowBytes));
        }
        catch
        {
            memory.Dispose();
            throw;
        }
        return DotnetElementTypes.Over(declared.ElementType, memory, runShape, BufferDevice.Cpu);
    }

    /// <summary>
    /// The first <paramref name="keptRows"/>[c] rows of each part (shapes <paramref name="shapes"/>, alike past dimension
    /// 0), one after the other in a new tensor.
    /// </summary>
    public static OnnxTensor Join(IReadOnlyList<OnnxTensor> parts, IReadOnlyList<long[]> shapes, IReadOnlyList<long> keptRows, TensorSignature declared)
    {
        if (!PackedRows.AtByteBoundaries(declared, PackedRows.RowElements(shapes[0], 0)))
            throw PackedRows.OutputRefused(declared, shapes[0], 0, "to join the chunks of a split batch");
        long rowBytes = RowBytes(shapes[0], declared), total = 0;
        foreach (long rows in keptRows) total += rows;
        long[] shape = (long[])shapes[0].Clone();
        shape[0] = total;
        NativeTensorMemory memory = NativeTensorMemory.Allocate(checked(rowBytes * total), zeroed: false);
        try
        {
            long offset = 0;
            for (int c = 0; c < parts.Count; c++)
            {
                CopyRows(parts[c], 0, memory.Address + (nint)offset, keptRows[c] * rowBytes);
                offset += keptRows[c] * rowBytes;
            }
        }
        catch
        {
            memory.Dispose();
            throw;
        }
        return DotnetElementTypes.Over(declared.ElementType, memory, shape, BufferDevice.Cpu);
    }

    // Bytes of one row along dimension 0: the bytes of its elements, every later dimension's (whole bytes, checked above
    // for int4/uint4).
    private static long RowBytes(long[] shape, TensorSignature declared) =>
        ElementTypes.ByteCount(declared.ElementType, PackedRows.RowElements(shape, 0));

    private static void CopyRows(OnnxTensor source, long sourceOffset, IntPtr destination, long bytes)
    {
        if (bytes == 0) return;
        var pin = default(PinnedTensor);
        IntPtr data = source.Pin(ref pin);
        try
        {
            Buffer.MemoryCopy((void*)(data + (nint)sourceOffset), (void*)destination, bytes, bytes);
        }
        finally
        {
            source.Unpin(ref pin);
        }
    }
}
