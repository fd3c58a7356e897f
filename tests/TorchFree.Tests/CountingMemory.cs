using System;
using System.Buffers;
using System.Runtime.InteropServices;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// Memory a tensor can be made over (<see cref="OnnxTensor{T}.FromMemory"/>) that counts how often a call pins and
/// unpins it, and can act inside a call at the moment it is pinned (<see cref="OnPin"/>): the call has entered, nothing
/// is bound yet. Backed by a pinned array, so the counts are the only thing pinning changes.
/// </summary>
internal sealed unsafe class CountingMemory<T> : MemoryManager<T> where T : unmanaged
{
    private readonly T[] _array;

    public CountingMemory(int length)
    {
        _array = GC.AllocateArray<T>(length, pinned: true);
    }

    public int Pins { get; private set; }

    public int Unpins { get; private set; }

    /// <summary>Runs inside <see cref="Pin"/>, after it is counted; may throw to fail the call there.</summary>
    public Action? OnPin { get; set; }

    public override Span<T> GetSpan() => _array;

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        Pins++;
        OnPin?.Invoke();
        return new MemoryHandle((void*)Marshal.UnsafeAddrOfPinnedArrayElement(_array, elementIndex), default, this);
    }

    public override void Unpin() => Unpins++;

    protected override void Dispose(bool disposing)
    {
    }
}
