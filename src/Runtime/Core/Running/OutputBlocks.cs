using System;
// Every aligned block allocated or freed here is counted in the NativeLedger, so leak tests see a block never freed.
using NativeMemory = OnnxTyped.LedgeredNativeMemory;

namespace OnnxTyped;

/// <summary>
/// The native blocks of a runner's pre-allocated outputs, kept when the caller disposes an output so that the next call's
/// output of the same size gets the same block: the same address, so it stays bound (no OrtValue, no <c>BindOutput</c>,
/// no allocation). One slot per output. A block comes here only when its tensor is released, that is disposed (or
/// finalized) and no call holds it, so no tensor the caller still has is ever written again.
/// </summary>
internal sealed unsafe class OutputBlocks : IDisposable
{
    private readonly IntPtr[] _addresses;
    private readonly long[] _bytes;
    private bool _disposed;

    public OutputBlocks(int outputs)
    {
        _addresses = new IntPtr[outputs];
        _bytes = new long[outputs];
    }

    /// <summary>A block of <paramref name="bytes"/> for output <paramref name="slot"/>: the one kept there when it has that size, else a new one.</summary>
    public NativeTensorMemory Take(int slot, long bytes)
    {
        IntPtr kept = IntPtr.Zero, stale = IntPtr.Zero;
        lock (_addresses)
        {
            if (_addresses[slot] != IntPtr.Zero)
            {
                if (_bytes[slot] == bytes) kept = _addresses[slot];
                else stale = _addresses[slot];
                _addresses[slot] = IntPtr.Zero;
            }
        }
        if (stale != IntPtr.Zero) NativeMemory.AlignedFree((void*)stale);
        return NativeTensorMemory.Recycled(kept != IntPtr.Zero ? kept : NativeTensorMemory.AlignedAlloc(bytes), bytes, this, slot);
    }

    /// <summary>Keeps a released block for output <paramref name="slot"/>; false when it must be freed (slot taken, or the runner is gone).</summary>
    public bool TryKeep(int slot, IntPtr address, long bytes)
    {
        lock (_addresses)
        {
            if (_disposed || _addresses[slot] != IntPtr.Zero) return false;
            _addresses[slot] = address;
            _bytes[slot] = bytes;
            return true;
        }
    }

    /// <summary>Frees the kept blocks; blocks released later are freed by their tensors.</summary>
    public void Dispose()
    {
        lock (_addresses)
        {
            _disposed = true;
            for (int slot = 0; slot < _addresses.Length; slot++)
            {
                if (_addresses[slot] != IntPtr.Zero) NativeMemory.AlignedFree((void*)_addresses[slot]);
                _addresses[slot] = IntPtr.Zero;
            }
        }
    }
}
