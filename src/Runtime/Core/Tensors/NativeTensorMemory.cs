using System;
using System.Runtime.InteropServices;
// Every aligned block allocated or freed here is counted in the NativeLedger, so leak tests see a block never freed.
using NativeMemory = OnnxTyped.LedgeredNativeMemory;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// Native memory a tensor owns: a block this runtime allocated (pre-allocated outputs, <see cref="OnnxTensor{T}.Allocate"/>),
/// an OrtValue ONNX Runtime allocated (an output whose shape only the run told), or
/// memory from a session's ONNX Runtime allocator (<see cref="SessionTensorAllocator"/>: device-resident tensors). A <see cref="SafeHandle"/>, so a call
/// that uses the memory takes a reference on it (<c>DangerousAddRef</c>) and a concurrent <c>Dispose</c> frees it only
/// after that call returns; and so a tensor never disposed is freed by its finalizer.
/// </summary>
internal abstract class NativeTensorMemory : SafeHandle
{
    protected NativeTensorMemory(IntPtr address)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(address);
    }

    // Zero is a valid address for an empty tensor: validity is "not yet released", which SafeHandle tracks itself.
    public override bool IsInvalid => false;

    /// <summary>The first element's address.</summary>
    public IntPtr Address => handle;

    /// <summary>A block of <paramref name="bytes"/> bytes, 64-byte aligned (what ONNX Runtime's CPU allocator gives), zeroed when asked.</summary>
    public static unsafe NativeTensorMemory Allocate(long bytes, bool zeroed)
    {
        IntPtr block = AlignedAlloc(bytes);
        if (zeroed && bytes > 0) NativeMemory.Clear((void*)block, (nuint)bytes);
        return new AlignedBlock(block);
    }

    /// <summary>A block of <paramref name="bytes"/> bytes, 64-byte aligned; zero for an empty one.</summary>
    private static unsafe IntPtr AlignedAlloc(long bytes) => bytes == 0 ? IntPtr.Zero : (IntPtr)NativeMemory.AlignedAlloc((nuint)bytes, 64);

    /// <summary>Owns the block at <paramref name="address"/>, taken from an <see cref="OutputBlockPool"/>: given back to it when released.</summary>
    internal static NativeTensorMemory Pooled(IntPtr address) => new PooledBlock(address);

    /// <summary>Memory another owner frees (a micro-batcher's gathering block): releasing it frees nothing.</summary>
    internal static NativeTensorMemory Borrowed(IntPtr address) => new BorrowedBlock(address);

    /// <summary>Owns <paramref name="value"/> (recorded in the <see cref="NativeLedger"/>), whose memory starts at <paramref name="address"/>.</summary>
    public static NativeTensorMemory Of(OrtValue value, IntPtr address) => new OrtAllocated(value, address);

    /// <summary>
    /// Owns <paramref name="value"/>, allocated through <paramref name="allocator"/> (a session's, see
    /// <see cref="SessionTensorAllocator"/>), the reference taken on that allocator and a hold on the session: all three
    /// are let go when released (<paramref name="releaseSession"/> last).
    /// </summary>
    public static NativeTensorMemory FromSessionAllocator(OrtValue value, IntPtr address, SafeHandle allocator, Action releaseSession) =>
        new SessionAllocated(value, address, allocator, releaseSession);

    private sealed class AlignedBlock : NativeTensorMemory
    {
        public AlignedBlock(IntPtr address)
            : base(address)
        {
        }

        protected override unsafe bool ReleaseHandle()
        {
            if (handle != IntPtr.Zero) NativeMemory.AlignedFree((void*)handle);
            return true;
        }
    }

    private sealed class PooledBlock : NativeTensorMemory
    {
        public PooledBlock(IntPtr address)
            : base(address)
        {
        }

        // Released: no tensor and no call uses the block any more, so its pool may give it to the next output.
        protected override bool ReleaseHandle()
        {
            OutputBlockPool.Return(handle);
            return true;
        }
    }

    private sealed class BorrowedBlock : NativeTensorMemory
    {
        public BorrowedBlock(IntPtr address)
            : base(address)
        {
        }

        protected override bool ReleaseHandle() => true;
    }

    private sealed class OrtAllocated : NativeTensorMemory
    {
        private readonly OrtValue _value;

        public OrtAllocated(OrtValue value, IntPtr address)
            : base(address)
        {
            _value = value;
        }

        protected override bool ReleaseHandle()
        {
            NativeLedger.Release(_value);
            return true;
        }
    }

    private sealed class SessionAllocated : NativeTensorMemory
    {
        private readonly OrtValue _value;
        private readonly SafeHandle _allocator;
        private readonly Action _releaseSession;

        public SessionAllocated(OrtValue value, IntPtr address, SafeHandle allocator, Action releaseSession)
            : base(address)
        {
            _value = value;
            _allocator = allocator;
            _releaseSession = releaseSession;
            NativeLedger.SessionTensorAllocated();
        }

        // The value frees its memory through the allocator, so it goes first; then the allocator, then the session may go.
        protected override bool ReleaseHandle()
        {
            NativeLedger.Release(_value);
            _allocator.DangerousRelease();
            NativeLedger.SessionTensorFreed();
            _releaseSession();
            return true;
        }
    }
}
