using System;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// Where a session's device-resident tensors come from: ONNX Runtime's own allocator for the session's device
/// (<see cref="SessionPlan.Device"/>), asked of the session (<c>CreateAllocator</c> over the session and the device's
/// memory info), so a CUDA session's tensors come from its CUDA arena and a CPU session's from its CPU allocator. Made on
/// first use; owned by the <see cref="ModelSession"/>, disposed with it.
/// </summary>
/// <remarks>
/// Ownership: each tensor owns its OrtValue (which frees its memory through the allocator), holds a reference on the
/// allocator (<c>DangerousAddRef</c>: ONNX Runtime's allocated tensor keeps only a raw pointer to the
/// <c>OrtAllocator</c>) and holds the session open as a call does: ONNX Runtime documents that an allocator made over a
/// session "becomes invalid when the session does" (<c>CreateAllocator</c>), so the session is released only after
/// the last of its tensors, whatever the order of <c>Dispose</c> calls and finalizers.
/// </remarks>
internal sealed class SessionTensorAllocator : IDisposable
{
    private readonly SessionPlan _plan;
    private readonly Action _holdSession;
    private readonly Action _releaseSession;
    private readonly object _gate = new();
    private OrtAllocator? _allocator;
    private bool _disposed;

    /// <param name="plan">The session's plan.</param>
    /// <param name="holdSession">Holds the session open for one more tensor; called while a call holds it open already.</param>
    /// <param name="releaseSession">Ends what <paramref name="holdSession"/> began, when the tensor's memory is released.</param>
    public SessionTensorAllocator(SessionPlan plan, Action holdSession, Action releaseSession)
    {
        _plan = plan;
        _holdSession = holdSession;
        _releaseSession = releaseSession;
    }

    /// <summary>The device the tensors live on.</summary>
    public BufferDevice Device => _plan.Device;

    /// <summary>
    /// Native memory for a tensor of <paramref name="elementType"/> and <paramref name="shape"/> on <see cref="Device"/>,
    /// not zeroed; it holds the session open until it is released. The caller holds a call on the session.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The allocator was disposed with its session.</exception>
    /// <exception cref="NotSupportedException">More than 2 GiB: ONNX Runtime 1.31's C# API cannot address it.</exception>
    public NativeTensorMemory Allocate(TensorElementType elementType, long[] shape)
    {
        long bytes = ElementTypes.ByteCount(elementType, OnnxTensor.ElementCountOf(shape));
        if (!OutputRoutes.CanHandOver(bytes))
            throw new NotSupportedException(
                $"A tensor of {bytes} bytes is larger than ONNX Runtime's C# API can address (2 GiB, a 32-bit span length).");
        OrtAllocator allocator = Allocator();
        bool added = false;
        allocator.DangerousAddRef(ref added); // throws ObjectDisposedException once disposed
        _holdSession();
        OrtValue? value = null;
        try
        {
            value = NativeLedger.Owned(OrtValue.CreateAllocatedTensorValue(allocator, elementType, shape));
            return NativeTensorMemory.FromSessionAllocator(value, OutputRoutes.AddressOf(value), allocator, _releaseSession);
        }
        catch
        {
            if (value is not null) NativeLedger.Release(value);
            allocator.DangerousRelease();
            _releaseSession();
            throw;
        }
    }

    private OrtAllocator Allocator()
    {
        lock (_gate)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(ModelSession));
            return _allocator ??= new OrtAllocator(_plan.Session, MemoryInfos.For(Device));
        }
    }

    /// <summary>Lets go of the allocator: released now, or when the last of its tensors is.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _allocator?.Dispose();
        }
    }
}
