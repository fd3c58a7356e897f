using System;
using System.Threading;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

// Device-resident typed tensors: memory on the session's device from ONNX Runtime's allocator, and outputs left there
// (docs/cuda.md, "Device-resident typed tensors").
public sealed partial class ModelSession
{
    /// <summary>
    /// The device this session's own tensors live on (<see cref="AllocateTensor{T}"/>, outputs under
    /// <see cref="OutputsOnDevice"/>): the CUDA device the session runs on (where it reads its inputs, or the one it was
    /// opened for), otherwise the CPU.
    /// </summary>
    public BufferDevice TensorDevice => Plan.Device;

    /// <summary>
    /// Whether <c>Run</c> leaves its outputs on <see cref="TensorDevice"/> instead of copying them to host memory:
    /// pre-allocated through the session's allocator or allocated there by ONNX Runtime, and handed over without a copy.
    /// Read them with <see cref="OnnxTensor{T}.CopyTo(Span{T})"/>, <see cref="OnnxTensor{T}.ToHost"/> or
    /// <see cref="OnnxTensor{T}.ToArray"/>, or pass them on as inputs; their <c>Span</c> throws on a GPU. Those from the
    /// session's allocator hold the session open as <see cref="AllocateTensor{T}"/>'s do. Off by default. On
    /// a CPU session the outputs stay in host memory, from ONNX Runtime's CPU allocator instead of the runner's kept blocks.
    /// A model without inputs, and <c>RunInto</c> (the caller's tensors are used where they are), are not affected. Applies
    /// to direct calls: it cannot be combined with micro-batching, and on a GPU not with batch size limits (rows are joined
    /// in host memory).
    /// </summary>
    /// <exception cref="InvalidOperationException">Set on while the model micro-batches.</exception>
    public bool OutputsOnDevice
    {
        get => Plan.OutputsOnDevice;
        set
        {
            if (value && Volatile.Read(ref _batcher) is not null)
                throw new InvalidOperationException(
                    $"{Name} micro-batches, which gathers and scatters every request in host memory: outputs cannot be left on {TensorDevice}.");
            Plan.OutputsOnDevice = value;
        }
    }

    /// <summary>
    /// A new tensor of <paramref name="shape"/> on <see cref="TensorDevice"/>, from ONNX Runtime's allocator for that device
    /// in this session (on a CPU session, host memory). Its values are undefined until written
    /// (<see cref="OnnxTensor{T}.CopyFrom"/>, or as an output of <c>RunInto</c>); it is bound in place, without a copy, as
    /// an input or a <c>RunInto</c> output of this session. The caller owns it and disposes it. It holds the session open
    /// as a call does: disposing this object refuses new calls at once, and releases the session after the last such
    /// tensor is disposed (or finalized). A session given to this object as an <see cref="InferenceSession"/> must be kept
    /// open by its owner until then: ONNX Runtime's allocator becomes invalid with its session.
    /// </summary>
    /// <exception cref="ObjectDisposedException">This object was disposed.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a bindable element type, or the tensor would exceed 2 GiB.</exception>
    public OnnxTensor<T> AllocateTensor<T>(params long[] shape) where T : unmanaged
    {
        var elementType = DotnetElementTypes.Of<T>();
        long[] dims = (long[])(shape ?? throw new ArgumentNullException(nameof(shape))).Clone();
        OnnxTensor.ElementCountOf(dims); // a negative or overflowing shape fails before anything is allocated
        EnterCall();
        try
        {
            return new OnnxTensor<T>(_deviceTensors.Allocate(elementType, dims), dims, _deviceTensors.Device);
        }
        finally
        {
            LeaveCall();
        }
    }
}
