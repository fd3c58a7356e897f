using System;
using System.Threading;

namespace OnnxTyped;

// What micro-batching and cancellable calls need of a runner: a call's token, and a request checked without a run.
internal sealed partial class ModelRunner<TTensor, TFrontEnd>
{
    /// <summary>The token of the call in progress: cancelling it stops the run (see <see cref="IoBindingRunner.Cancellation"/>). Cleared by the caller after the call.</summary>
    public CancellationToken Cancellation
    {
        set => _binding.Cancellation = value;
    }

    /// <summary>Per input: its shape in the last call checked (read by micro-batching right after <see cref="CheckRequest"/>).</summary>
    public long[][] InputShapes => _inputShapes;

    /// <summary>Per output: the shape of the caller's tensor in the last <see cref="CheckRequest"/> with outputs.</summary>
    public long[][] CallerOutputShapes => _callerOutputShapes;

    /// <summary>
    /// Checks one call's inputs, and with <paramref name="into"/> the caller's outputs, exactly as <see cref="Run"/> and
    /// <see cref="RunInto"/> do, without running: a micro-batch request is checked so before it joins a batch. The shapes
    /// are left in <see cref="InputShapes"/> and <see cref="CallerOutputShapes"/>; the device is returned.
    /// </summary>
    public BufferDevice CheckRequest(ReadOnlySpan<TTensor> inputs, ReadOnlySpan<TTensor> outputs, bool into, bool allowEmpty)
    {
        CheckInputs(inputs, allowEmpty, batchSplits: false);
        if (into)
        {
            ResolveDerivedShapes(_inputShapes);
            CheckCallerOutputs(outputs);
        }
        return _device;
    }
}
