using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// What a front-end's tensors need of the shared <see cref="ModelRunner{TTensor, TFrontEnd}"/>, and nothing else: what only
/// its tensors know (null, disposed, element type, device, layout), how they become buffers to bind and come back as
/// outputs, and how their rows are cut and joined for batching. Implemented by a struct, so the runner, generic over it,
/// calls it without a virtual call; the struct holds the front-end's per-runner state (pins, copies), one caller at a time.
/// </summary>
/// <typeparam name="TTensor">The front-end's tensor type.</typeparam>
internal interface IFrontEnd<TTensor> where TTensor : class, IDisposable
{
    /// <summary>What the caller can do about an output too large for ONNX Runtime's C# API to hand over, for the error message.</summary>
    string LargeOutputRemedy { get; }

    /// <summary>
    /// Checks what only the tensor tells of input <paramref name="index"/> (null, disposed, element type) and writes its
    /// shape into <paramref name="shape"/> (the last call's array when the rank is unchanged, or the tensor's own).
    /// </summary>
    void CheckInput(int index, TTensor? tensor, TensorSignature declared, ref long[] shape);

    /// <summary>
    /// Checks that the session can read a call's inputs (checked, at least one) where they are, and returns the device the
    /// call's outputs come back on.
    /// </summary>
    BufferDevice CheckDevices(SessionPlan plan, ReadOnlySpan<TTensor> inputs);

    /// <summary>Checks a caller's output tensor (null, disposed, element type, device, layout) and writes its shape into <paramref name="shape"/>.</summary>
    void CheckOutput(int index, TTensor? tensor, TensorSignature declared, BufferDevice device, ref long[] shape);

    /// <summary>Makes the inputs bindable (a front-end that casts or copies does it here; owned until <see cref="EndCall"/>).</summary>
    void Prepare(ReadOnlySpan<TTensor> inputs);

    /// <summary>Called after every tensor of the call is written (prepared inputs, new outputs), before anything is bound.</summary>
    void BeforeBinding(BufferDevice device);

    /// <summary>Input <paramref name="index"/> as a buffer to bind (after <see cref="Prepare"/>), held valid until <see cref="EndCall"/>.</summary>
    TensorBuffer InputBuffer(int index, TTensor tensor, long[] shape, TensorSignature declared, BufferDevice device);

    /// <summary>Output <paramref name="index"/> as a buffer to bind, held valid until <see cref="EndCall"/>.</summary>
    TensorBuffer OutputBuffer(int index, TTensor tensor, long[] shape, TensorSignature declared, BufferDevice device);

    /// <summary>A new output tensor of <paramref name="shape"/> (copied) on <paramref name="device"/>; host memory comes from <paramref name="blocks"/>.</summary>
    TTensor NewOutput(int index, long[] shape, TensorSignature declared, BufferDevice device, OutputBlockPool blocks);

    /// <summary>
    /// An output ONNX Runtime allocated, as a tensor: takes ownership of <paramref name="value"/> in every case (released
    /// with the tensor, or here on failure). <paramref name="shape"/> is the value's and may be kept.
    /// </summary>
    TTensor Adopt(int index, OrtValue value, long[] shape, long bytes, TensorSignature declared, BufferDevice device);

    /// <summary>
    /// Called once after every output ONNX Runtime allocated in a run was adopted: a front-end that copies such outputs
    /// queues the copies in <see cref="Adopt"/> and waits for them here, once per run.
    /// </summary>
    void HandedOver(BufferDevice device);

    /// <summary>Runs the bound call.</summary>
    void Run(IoBindingRunner binding, BufferDevice device);

    /// <summary>Ends a call or a run attempt: lets go of pins and copies.</summary>
    void EndCall();

    /// <summary>
    /// Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="rows"/> of <paramref name="input"/>
    /// (shape <paramref name="shape"/>) along dimension 0, followed by <paramref name="padding"/> rows of zeros: a new
    /// tensor (or view) the batching code disposes after the chunk's run.
    /// </summary>
    TTensor Rows(TTensor input, long[] shape, TensorSignature declared, long start, long rows, long padding);

    /// <summary>
    /// One tensor of the first <paramref name="keptRows"/>[c] rows of each part, in order along dimension 0: owned by the
    /// caller; the parts stay the batching code's.
    /// </summary>
    TTensor Concatenate(IReadOnlyList<TTensor> parts, IReadOnlyList<long[]> shapes, IReadOnlyList<long> keptRows, TensorSignature declared);
}
