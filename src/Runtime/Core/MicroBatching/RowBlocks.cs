using System;

namespace OnnxTyped;

/// <summary>
/// Copies one request's rows into a batched tensor and back, along any axis. A dense tensor of shape
/// [outer..., rows, inner...] along axis a is <c>outer</c> blocks of <c>rows × inner</c> bytes; in the batch each block sits
/// at its request's row offset within a block of <c>batchRows × inner</c> bytes.
/// </summary>
internal static unsafe class RowBlocks
{
    // `shape` is either tensor's: only its dimensions other than `axis` are read; the request has `rows` rows.

    /// <summary>Copies a request's tensor at <paramref name="source"/> (<paramref name="rows"/> rows) into rows <paramref name="at"/> onwards of the batch at <paramref name="batch"/> of <paramref name="batchRows"/> rows.</summary>
    public static void Gather(IntPtr source, long rows, ReadOnlySpan<long> shape, int axis, int elementSize, IntPtr batch, long batchRows, long at) =>
        Copy(source, rows, shape, axis, elementSize, batch, batchRows, at, intoBatch: true);

    /// <summary>Copies rows <paramref name="at"/> to <paramref name="at"/> + <paramref name="rows"/> of the batch at <paramref name="batch"/> (<paramref name="batchRows"/> rows) into a request's tensor at <paramref name="destination"/>.</summary>
    public static void Scatter(IntPtr batch, long batchRows, long at, IntPtr destination, long rows, ReadOnlySpan<long> shape, int axis, int elementSize) =>
        Copy(destination, rows, shape, axis, elementSize, batch, batchRows, at, intoBatch: false);

    private static void Copy(IntPtr single, long rows, ReadOnlySpan<long> shape, int axis, int elementSize, IntPtr batch, long batchRows, long at, bool intoBatch)
    {
        long outer = 1, inner = elementSize;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
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
