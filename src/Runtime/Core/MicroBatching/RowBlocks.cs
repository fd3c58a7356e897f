using System;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// Copies one request's rows into a batched tensor and back, along any axis. A dense tensor of shape
/// [outer..., rows, inner...] along axis a is <c>outer</c> blocks of <c>rows × inner</c> bytes; in the batch each block sits
/// at its request's row offset within a block of <c>batchRows × inner</c> bytes. For int4/uint4 (two elements to a byte)
/// <c>inner</c> must hold an even number of elements, so every block starts and ends on a byte: the callers refuse other
/// tensors (<see cref="PackedRows"/>), and a row that ends mid-byte throws here rather than being copied wrongly.
/// </summary>
internal static unsafe class RowBlocks
{
    // `shape` is either tensor's: only its dimensions other than `axis` are read; the request has `rows` rows.

    /// <summary>Copies a request's tensor at <paramref name="source"/> (<paramref name="rows"/> rows) into rows <paramref name="at"/> onwards of the batch at <paramref name="batch"/> of <paramref name="batchRows"/> rows.</summary>
    public static void Gather(IntPtr source, long rows, ReadOnlySpan<long> shape, int axis, TensorElementType type, IntPtr batch, long batchRows, long at) =>
        Copy(source, rows, shape, axis, type, batch, batchRows, at, intoBatch: true);

    /// <summary>Copies rows <paramref name="at"/> to <paramref name="at"/> + <paramref name="rows"/> of the batch at <paramref name="batch"/> (<paramref name="batchRows"/> rows) into a request's tensor at <paramref name="destination"/>.</summary>
    public static void Scatter(IntPtr batch, long batchRows, long at, IntPtr destination, long rows, ReadOnlySpan<long> shape, int axis, TensorElementType type) =>
        Copy(destination, rows, shape, axis, type, batch, batchRows, at, intoBatch: false);

    private static void Copy(IntPtr single, long rows, ReadOnlySpan<long> shape, int axis, TensorElementType type, IntPtr batch, long batchRows, long at, bool intoBatch)
    {
        long outer = 1, innerElements = PackedRows.RowElements(shape, axis);
        for (int d = 0; d < axis; d++) outer *= shape[d];
        if (ElementTypes.IsPackedInNibbles(type) && innerElements % 2 != 0)
            throw new InvalidOperationException($"Rows of {innerElements} {ElementTypes.OnnxName(type)} elements end mid-byte: they cannot be copied as whole bytes.");
        long inner = ElementTypes.ByteCount(type, innerElements);
        long block = rows * inner;
        if (block == 0) return;
        for (long o = 0; o < outer; o++)
        {
            byte* one = (byte*)single + o * block;
            byte* many = (byte*)batch + (o * batchRows + at) * inner;
            if (intoBatch) Buffer.MemoryCopy(one, many, block, block);
            else Buffer.MemoryCopy(many, one, block, block);
        }
    }
}
