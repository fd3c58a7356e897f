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
/// Ownership: each tensor owns its OrtValue (which frees its memory through the allocator) and holds a reference on the
/// allocator (<c>DangerousAddRef</c>), because ONNX Runtime's allocated tensor keeps only a raw pointer to the
/// <c>OrtAllocator</c>: the allocator is released after <see cref="Dispose"/> and after the last of its tensors, in
/// whatever order they go. The allocator itself holds the session's allocator by a shared pointer, so tensors may
/// outlive the session.
/// </remarks>
internal sealed class SessionTensorAllocator : IDisposable
{
    private readonly SessionPlan _plan;
    private readonly object _gate = new();
    private OrtAllocator? _allocator;
    private bool _disposed;

    public SessionTensorAllocator(SessionPlan plan)
    {
        _plan = plan;
    }

    /// <summary>The device the tensors live on.</summary>
    public BufferDevice Device => _plan.Device;

    /// <summary>
    /// Native memory for a tensor of <paramref name="elementType"/> and <paramref name="shape"/> on <see cref="Device"/>,
    /// not zeroed. The session must be open (the caller holds a call).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The allocator was disposed with its session.</exception>
    /// <exception cref="NotSupportedException">More than 2 GiB: ONNX Runtime 1.31's C# API cannot address it.</exception>
    public NativeTensorMemory Allocate(TensorElementType elementType, long[] shape)
    {
        long bytes = checked(OnnxTensor.ElementCountOf(shape) * ElementTypes.SizeOf(elementType));
        if (!OutputRoutes.CanHandOver(bytes))
            throw new NotSupportedException(
                $"A tensor of {bytes} bytes is larger than ONNX Runtime's C# API can address (2 GiB, a 32-bit span length).");
        OrtAllocator allocator = Allocator();
        bool added = false;
        allocator.DangerousAddRef(ref added); // throws ObjectDisposedException once disposed
        OrtValue? value = null;
        try
        {
            value = NativeLedger.Owned(OrtValue.CreateAllocatedTensorValue(allocator, elementType, shape));
            return NativeTensorMemory.FromSessionAllocator(value, OutputRoutes.AddressOf(value), allocator);
        }
        catch
        {
            if (value is not null) NativeLedger.Release(value);
            allocator.DangerousRelease();
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
