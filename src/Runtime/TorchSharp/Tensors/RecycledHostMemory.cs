using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// The host memory of one output of one runner, handed back when torch frees the tensor made over it: the next call's
/// output of the same size gets the same block, so its address is unchanged and it stays bound (no new OrtValue and no
/// <c>BindOutput</c>, about 250 ns on the tiny MLP, and no torch allocator call). A caller that keeps its outputs gets a
/// new block per call, as with <c>torch.empty</c>.
/// </summary>
/// <remarks>
/// Ownership: a block belongs to the storage of the tensor made over it until libtorch frees that storage (the last tensor
/// or view over it disposed, or finalized) and calls <see cref="ReturnBlock"/>, on any thread; then to this object, which
/// keeps at most one idle block and frees the others. A block's header holds a <see cref="GCHandle"/> to this object, freed
/// once this object is disposed and every block is freed (a reference count: one for this object, one per block).
/// The tensors are CPU tensors over foreign memory, like the outputs ONNX Runtime allocates (<see cref="TensorMemory.Adopt"/>):
/// libtorch cannot grow their storage in place (<c>resize_</c> to more elements throws).
/// </remarks>
internal sealed unsafe class RecycledHostMemory : IDisposable
{
    // Before the data: the owner's GCHandle and the data's size. 64 bytes keep the data 64-byte aligned, as torch's CPU allocator does.
    private const int HeaderBytes = 64;

    private readonly GCHandle _self;
    private IntPtr _idle;
    private int _references = 1;
    private int _disposed;

    private static long _liveBlocks;
    private static long _blocksAllocated;

    private RecycledHostMemory() => _self = GCHandle.Alloc(this);

    /// <summary>Blocks allocated and not yet freed, idle or under a tensor, in the whole process (for leak tests).</summary>
    internal static long LiveBlocks => Interlocked.Read(ref _liveBlocks);

    /// <summary>
    /// Blocks allocated since the process started, in the whole process: how often an output could not reuse its runner's
    /// block (for tests that count this work: a block kept across a change of size would show as one allocation too few).
    /// </summary>
    internal static long BlocksAllocated => Interlocked.Read(ref _blocksAllocated);

    /// <summary>
    /// A new output tensor: on the CPU over memory recycled through <paramref name="slot"/> (made on first use), elsewhere
    /// (and when empty) from <c>torch.empty</c>.
    /// </summary>
    public static torch.Tensor NewOutput(ref RecycledHostMemory? slot, long[] shape, torch.ScalarType dtype, int elementSize, BufferDevice device)
    {
        long bytes = elementSize;
        foreach (long dim in shape) bytes = checked(bytes * dim);
        if (device.IsCuda || bytes == 0) return torch.empty(shape, dtype, device.ToTorch());
        return (slot ??= new RecycledHostMemory()).NewTensor(shape, dtype, bytes);
    }

    private torch.Tensor NewTensor(long[] shape, torch.ScalarType dtype, long bytes)
    {
        IntPtr block = Interlocked.Exchange(ref _idle, IntPtr.Zero);
        if (block != IntPtr.Zero && DataBytes(block) != bytes)
        {
            Free(block);
            block = IntPtr.Zero;
        }
        if (block == IntPtr.Zero) block = Allocate(bytes);
        // On failure the block is not freed here: libtorch may have made a storage over it, and freed it through
        // ReturnBlock, before failing (out of memory); a block lost on that path is safer than one freed twice.
        return TensorMemory.WrapHost(block + HeaderBytes, &ReturnBlock, shape, dtype);
    }

    private IntPtr Allocate(long bytes)
    {
        var block = (IntPtr)NativeMemory.AlignedAlloc(checked((nuint)(HeaderBytes + bytes)), HeaderBytes);
        *(IntPtr*)block = GCHandle.ToIntPtr(_self);
        *(long*)(block + sizeof(IntPtr)) = bytes;
        Interlocked.Increment(ref _references);
        Interlocked.Increment(ref _liveBlocks);
        Interlocked.Increment(ref _blocksAllocated);
        return block;
    }

    private static long DataBytes(IntPtr block) => *(long*)(block + sizeof(IntPtr));

    // libtorch's deleter: the storage over a block died. Never throws (it runs inside libtorch).
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void ReturnBlock(IntPtr data)
    {
        IntPtr block = data - HeaderBytes;
        ((RecycledHostMemory)GCHandle.FromIntPtr(*(IntPtr*)block).Target!).Return(block);
    }

    private void Return(IntPtr block)
    {
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.CompareExchange(ref _idle, block, IntPtr.Zero) == IntPtr.Zero)
        {
            // Disposed meanwhile: take it back, unless Dispose already did (and freed it).
            if (Volatile.Read(ref _disposed) != 0 && Interlocked.Exchange(ref _idle, IntPtr.Zero) is var back && back != IntPtr.Zero) Free(back);
            return;
        }
        Free(block);
    }

    private void Free(IntPtr block)
    {
        NativeMemory.AlignedFree((void*)block);
        Interlocked.Decrement(ref _liveBlocks);
        Release();
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0) _self.Free();
    }

    /// <summary>Frees the idle block; blocks still under tensors are freed when torch frees those.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        IntPtr idle = Interlocked.Exchange(ref _idle, IntPtr.Zero);
        if (idle != IntPtr.Zero) Free(idle);
        Release();
    }
}
