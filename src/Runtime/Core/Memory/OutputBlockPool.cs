using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
// Every aligned block allocated or freed here is counted in the NativeLedger, so leak tests see a block never freed.
using NativeMemory = OnnxTyped.LedgeredNativeMemory;

namespace OnnxTyped;

/// <summary>
/// The host memory of a runner's pre-allocated outputs, one slot per output: when the tensor made over a block is
/// released, the block comes back here, and the next call's output of the same size gets it again. The same address, so
/// it stays bound (no OrtValue, no <c>BindOutput</c>, no allocation); a caller that keeps its outputs gets a new block per
/// call. Each front-end's tensors give blocks back their own way, both ending in <see cref="Return"/>: the typed
/// front-end's <see cref="NativeTensorMemory"/> when its <c>SafeHandle</c> is released, and libtorch's deleter
/// (<see cref="ReturnFromNative"/>) when torch frees the storage over a block.
/// </summary>
/// <remarks>
/// Lock-free: a slot is taken and filled with one interlocked exchange each, so a call pays no lock.
/// Ownership: a block belongs to the tensor made over it until that tensor's memory is released (disposed, or finalized,
/// and no call holds it), on any thread; then to this pool, which keeps at most one idle block per slot and frees the
/// others. A block's header names its pool through a <see cref="GCHandle"/>, freed once the pool is disposed and every
/// block is back (a reference count: one for the pool, one per block allocated and not yet freed).
/// </remarks>
internal sealed unsafe class OutputBlockPool : IDisposable
{
    // Before the data: the pool's GCHandle, the data's size and the slot. 64 bytes keep the data 64-byte aligned, as
    // ONNX Runtime's and torch's CPU allocators do.
    private const int HeaderBytes = 64;

    private readonly IntPtr[] _idle;   // per slot: a block (its header's address) no tensor uses, or zero
    private readonly GCHandle _self;
    private int _references = 1;
    private int _disposed;

    public OutputBlockPool(int slots)
    {
        _idle = new IntPtr[slots];
        _self = GCHandle.Alloc(this);
    }

    /// <summary>
    /// The data address of a block of <paramref name="bytes"/> for output <paramref name="slot"/>: the idle one when it has
    /// that size, else a new one. It belongs to the caller until it comes back through <see cref="Return"/>.
    /// </summary>
    public IntPtr Take(int slot, long bytes)
    {
        IntPtr block = Interlocked.Exchange(ref _idle[slot], IntPtr.Zero);
        if (block != IntPtr.Zero && DataBytes(block) != bytes)
        {
            Free(block);
            block = IntPtr.Zero;
        }
        if (block == IntPtr.Zero) block = Allocate(slot, bytes);
        return block + HeaderBytes;
    }

    /// <summary>Gives back the block whose data starts at <paramref name="data"/> (from <see cref="Take"/>), from any thread. Never throws.</summary>
    public static void Return(IntPtr data)
    {
        IntPtr block = data - HeaderBytes;
        ((OutputBlockPool)GCHandle.FromIntPtr(*(IntPtr*)block).Target!).Keep(block);
    }

    /// <summary><see cref="Return"/> as libtorch's deleter for a storage made over a block.</summary>
    public static delegate* unmanaged[Cdecl]<IntPtr, void> NativeReturn => &ReturnFromNative;

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void ReturnFromNative(IntPtr data) => Return(data);

    private IntPtr Allocate(int slot, long bytes)
    {
        var block = (IntPtr)NativeMemory.AlignedAlloc(checked((nuint)(HeaderBytes + bytes)), HeaderBytes);
        *(IntPtr*)block = GCHandle.ToIntPtr(_self);
        *(long*)(block + sizeof(IntPtr)) = bytes;
        *(int*)(block + sizeof(IntPtr) + sizeof(long)) = slot;
        Interlocked.Increment(ref _references);
        return block;
    }

    private static long DataBytes(IntPtr block) => *(long*)(block + sizeof(IntPtr));

    private static int SlotOf(IntPtr block) => *(int*)(block + sizeof(IntPtr) + sizeof(long));

    private void Keep(IntPtr block)
    {
        int slot = SlotOf(block);
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.CompareExchange(ref _idle[slot], block, IntPtr.Zero) == IntPtr.Zero)
        {
            // Disposed meanwhile: take it back, unless Dispose already did (and freed it).
            if (Volatile.Read(ref _disposed) != 0 && Interlocked.Exchange(ref _idle[slot], IntPtr.Zero) is var back && back != IntPtr.Zero) Free(back);
            return;
        }
        Free(block);
    }

    private void Free(IntPtr block)
    {
        NativeMemory.AlignedFree((void*)block);
        Release();
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0) _self.Free();
    }

    /// <summary>Frees the idle blocks; blocks still under tensors are freed when those are released.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        for (int slot = 0; slot < _idle.Length; slot++)
            if (Interlocked.Exchange(ref _idle[slot], IntPtr.Zero) is var block && block != IntPtr.Zero) Free(block);
        Release();
    }
}
