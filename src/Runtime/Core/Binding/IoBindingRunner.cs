using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// One IO binding over one session, reused across calls by one caller at a time: binds buffers by address, runs, and
/// hands over the outputs ONNX Runtime allocated. It knows buffers only as <see cref="TensorBuffer"/>s; a front-end
/// checks and converts its own tensors first.
/// </summary>
/// <remarks>
/// A call is: <see cref="BindInput"/> for every input; for every output, <see cref="BindOutput"/> (memory of the
/// front-end's or the caller's) or <see cref="BindOutputToDevice"/> (ONNX Runtime allocates it this call);
/// <see cref="Run"/>; <see cref="TakeOrtAllocated"/> when outputs were bound to a device; and always <see cref="EndCall"/>.
/// Every output is bound in every call, so a slot ONNX Runtime filled last call is never written into again.
/// <para>
/// Ownership: a buffer stays bound after a call while its address, shape and memory are unchanged, so its memory must
/// outlive the binding or be bound anew; the OrtValues describing bound memory are owned here. Values taken by
/// <see cref="TakeOrtAllocated"/> belong to the caller. The binding and run options are owned here and must be disposed
/// before the session.
/// </para>
/// </remarks>
internal sealed partial class IoBindingRunner : IDisposable
{
    private readonly SessionPlan _plan;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;
    private readonly BoundValue?[] _inputs;
    private readonly BoundValue?[] _outputs;
    private readonly bool[] _outputOnDevice;
    private bool _inputCopiesPending;   // a host input was bound to a CUDA session this call: its copy to the device is queued
    private readonly bool _serializesCalls;
    private bool _holdsCallLock;

    public IoBindingRunner(SessionPlan plan)
    {
        _plan = plan;
        _inputs = new BoundValue?[plan.Signature.Inputs.Count];
        _outputs = new BoundValue?[plan.Signature.Outputs.Count];
        _outputOnDevice = new bool[plan.Signature.Outputs.Count];
        _serializesCalls = plan.SerializesCalls;
        _binding = RunBindings.Open(plan.Session, out _runOptions);
    }

    /// <summary>
    /// Binds input <paramref name="index"/> to <paramref name="buffer"/>, unless it is bound to that memory already and
    /// ONNX Runtime reads it in place. An input consumed on another device is copied at bind time, so it is bound again
    /// on every call (<see cref="InputResidency"/>).
    /// </summary>
    public void BindInput(int index, in TensorBuffer buffer)
    {
        // Under TensorRT nothing orders a host input's bind-time copy before this run but the absence of another run in
        // between: every call holds the session's lock from its first bind until EndCall (CudaOrdering.SerializesCalls).
        if (_serializesCalls && !_holdsCallLock)
        {
            Monitor.Enter(_plan.CallLock);
            _holdsCallLock = true;
        }
        bool rebound = Bind(_inputs, index, buffer, isInput: true, mayStayBound: _plan.InputStaysBound(index, buffer.Device));
        if (CudaOrdering.SynchronizeBoundInputs(buffer.Device, _plan.AcceptsCuda, rebound)) _inputCopiesPending = true;
    }

    /// <summary>Binds output <paramref name="index"/> to <paramref name="buffer"/>, unless it is bound to that memory already.</summary>
    public void BindOutput(int index, in TensorBuffer buffer)
    {
        _outputOnDevice[index] = false;
        Bind(_outputs, index, buffer, isInput: false, mayStayBound: true);
    }

    /// <summary>Lets ONNX Runtime allocate output <paramref name="index"/> on <paramref name="device"/> for this call; take it with <see cref="TakeOrtAllocated"/>.</summary>
    public void BindOutputToDevice(int index, BufferDevice device)
    {
        // Binding the name again replaces the slot, memory bound before included.
        _outputs[index]?.Release();
        _outputs[index] = null;
        _binding.BindOutputToDevice(_plan.Signature.Outputs[index].Name, MemoryInfos.For(device));
        _outputOnDevice[index] = true;
    }

    /// <summary>
    /// Before a run into caller-owned outputs (every output bound by address): refuses outputs that share memory with each
    /// other (ONNX Runtime would write both, and one result would be lost without a word) or with an input (a kernel may
    /// write the output before it has read the input: in place works for some kernels and not others).
    /// </summary>
    /// <exception cref="ArgumentException">Two outputs, or an output and an input, overlap; names both.</exception>
    public void EnsureOutputsOwnTheirMemory(string parameter)
    {
        for (int o = 0; o < _outputs.Length; o++)
        {
            if (_outputs[o] is not BoundValue output) continue;
            for (int other = 0; other < o; other++)
            {
                if (_outputs[other] is BoundValue earlier && output.Overlaps(earlier))
                    throw new OnnxOutputException(_plan.Signature.Outputs[o].Name,
                        $"Output '{_plan.Signature.Outputs[other].Name}' and output '{_plan.Signature.Outputs[o].Name}' share memory (one tensor given twice, or overlapping views): " +
                        "ONNX Runtime would write both into it and one result would be lost. Give each output a tensor of its own.", parameter);
            }
            for (int i = 0; i < _inputs.Length; i++)
            {
                if (_inputs[i] is BoundValue input && output.Overlaps(input))
                    throw new OnnxOutputException(_plan.Signature.Outputs[o].Name,
                        $"Output '{_plan.Signature.Outputs[o].Name}' shares memory with input '{_plan.Signature.Inputs[i].Name}': ONNX Runtime may write the output " +
                        "before it has read the input, and nothing guarantees the order. Give the output a tensor of its own (for a recurrent state, two tensors used in turn).",
                        parameter);
            }
        }
    }

    /// <summary>
    /// After a run into caller-owned outputs failed: runs again with ONNX Runtime allocating every output, and when that
    /// succeeds and an output comes out with another shape than the caller's tensor, returns the error that names it (ONNX
    /// Runtime's own says "Shape mismatch attempting to re-use buffer" and names no output). <see langword="null"/> when the
    /// shapes were not the cause (the second run fails too, or every shape matches): the caller rethrows the first error.
    /// Only on the failure path, so it costs nothing per call; the next call binds everything again (see <see cref="EndCall"/>).
    /// </summary>
    public OnnxOutputException? ExplainOutputShapes(BufferDevice device, long[][] givenShapes, string parameter)
    {
        for (int o = 0; o < _outputs.Length; o++) BindOutputToDevice(o, device);
        var produced = new OrtValue?[_outputs.Length];
        try
        {
            try
            {
                _plan.Session.RunWithBinding(_runOptions, _binding);
                TakeOrtAllocated(produced);
            }
            catch (OnnxRuntimeException)
            {
                return null; // not a matter of output shapes: the caller's error stands
            }
            for (int o = 0; o < produced.Length; o++)
            {
                if (produced[o] is not OrtValue value) continue;
                long[] shape = value.GetTensorTypeAndShape().Shape;
                if (!shape.AsSpan().SequenceEqual(givenShapes[o]))
                {
                    TensorSignature declared = _plan.Signature.Outputs[o];
                    return new OnnxOutputException(declared.Name,
                        $"Output '{declared.Name}' has shape {ShapeText.Of(givenShapes[o])}, but for these inputs the model writes {ShapeText.Of(shape)} " +
                        $"(declared {declared.ShapeText}). Give a tensor of that shape, or call Run, which allocates the outputs.", parameter);
                }
            }
            return null;
        }
        finally
        {
            foreach (OrtValue? value in produced)
                if (value is not null) NativeLedger.Release(value);
        }
    }

    /// <summary>
    /// Runs with the buffers on <paramref name="device"/>. Returns when the outputs are written: ONNX Runtime waits for its
    /// own streams before returning unless the run options say otherwise (<see cref="CudaOrdering.SynchronizeAfterRun"/>).
    /// </summary>
    public void Run(BufferDevice device)
    {
        // Another runner on this session may run first on the stream the bind-time copy was queued on: wait for the
        // copies before this run reads them (CudaOrdering.SynchronizeBoundInputs).
        if (_inputCopiesPending)
        {
            _binding.SynchronizeBoundInputs();
            _inputCopiesPending = false;
        }
        if (Cancellation.CanBeCanceled) RunCancellable(Cancellation);
        else _plan.Session.RunWithBinding(_runOptions, _binding);
        if (CudaOrdering.SynchronizeAfterRun(device, RunSynchronizesProviders)) _binding.SynchronizeBoundOutputs();
    }

    // This runtime never sets the run option disable_synchronize_execution_providers, so Run waits for its streams.
    private const bool RunSynchronizesProviders = true;

    /// <summary>
    /// Hands over the outputs ONNX Runtime allocated in this call: <paramref name="produced"/>[o] is set for each output
    /// bound with <see cref="BindOutputToDevice"/> and belongs to the caller (release it with <see cref="NativeLedger.Release"/>);
    /// other entries are left as they are.
    /// </summary>
    public void TakeOrtAllocated(Span<OrtValue?> produced)
    {
        // Every bound output comes back in the order the names were first bound: model order, since every call binds
        // every output and a cleared binding is bound again from output 0.
        IReadOnlyList<OrtValue> values = _binding.GetOutputValues();
        int next = 0;
        try
        {
            for (; next < values.Count; next++)
            {
                OrtValue value = NativeLedger.Owned(values[next]);
                if (_outputOnDevice[next]) produced[next] = value;
                else NativeLedger.Release(value); // a second handle on memory bound by address
            }
        }
        finally
        {
            for (int rest = next + 1; rest < values.Count; rest++) values[rest].Dispose();
        }
    }

    /// <summary>The address input (or output) <paramref name="index"/> is bound to, if it is bound by address (what tests read).</summary>
    internal IntPtr? BoundAddress(bool input, int index) => (input ? _inputs : _outputs)[index]?.Data;

    /// <summary>
    /// Ends a call. After a failure the binding's state is unknown: every input and output is unbound and bound afresh
    /// next time.
    /// </summary>
    public void EndCall(bool succeeded)
    {
        if (_holdsCallLock)
        {
            _holdsCallLock = false;
            Monitor.Exit(_plan.CallLock);
        }
        if (succeeded) return;
        _inputCopiesPending = false;   // every input is bound afresh next call
        Forget(_inputs, inputs: true);
        Forget(_outputs, inputs: false);
        Array.Clear(_outputOnDevice);
    }

    // True when the buffer was bound anew, false when it stayed bound.
    private bool Bind(BoundValue?[] cache, int index, in TensorBuffer buffer, bool isInput, bool mayStayBound)
    {
        OrtMemoryInfo memoryInfo = MemoryInfos.For(buffer.Device);
        BoundValue? previous = cache[index];
        if (mayStayBound && previous is not null && previous.Matches(buffer, memoryInfo)) return false;

        BoundValue bound = BoundValue.Over(buffer, memoryInfo);
        try
        {
            string name = isInput ? _plan.Signature.Inputs[index].Name : _plan.Signature.Outputs[index].Name;
            if (isInput) _binding.BindInput(name, bound.Value);
            else _binding.BindOutput(name, bound.Value);
        }
        catch
        {
            bound.Release();
            throw;
        }
        previous?.Release();
        cache[index] = bound;
        return true;
    }

    private void Forget(BoundValue?[] cache, bool inputs)
    {
        ReleaseAll(cache);
        if (inputs) _binding.ClearBoundInputs();
        else _binding.ClearBoundOutputs();
    }

    private static void ReleaseAll(BoundValue?[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i]?.Release();
            values[i] = null;
        }
    }

    public void Dispose()
    {
        RunBindings.Close(_binding, _runOptions);
        ReleaseAll(_inputs);
        ReleaseAll(_outputs);
    }
}
