using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// One IO binding over one session, reused across calls by one caller at a time: binds buffers by address, runs, and
/// hands over the outputs ONNX Runtime allocated. It knows buffers only as <see cref="TensorBuffer"/>s; a front-end
/// checks and converts its own tensors first.
/// </summary>
/// <remarks>
/// A call is: <see cref="BindInput"/> for every input; for every output in model order, either
/// <see cref="BindKeptOutput"/> (caller memory kept bound across calls) or <see cref="BindCallOutput"/> /
/// <see cref="BindOutputToDevice"/> (for this call only); <see cref="Run"/>; <see cref="TakeOrtAllocated"/> when
/// outputs were bound to a device; and always <see cref="EndCall"/>.
/// <para>
/// Ownership: inputs and kept outputs stay bound after a call when their address, shape and memory did not change, so
/// their memory must outlive the binding or be re-bound; the OrtValues describing them are owned here. Values taken by
/// <see cref="TakeOrtAllocated"/> belong to the caller. The binding and run options are owned here and must be
/// disposed before the session.
/// </para>
/// </remarks>
internal sealed class IoBindingRunner : IDisposable
{
    private readonly SessionPlan _plan;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;
    private readonly BoundValue?[] _inputs;
    private readonly BoundValue?[] _keptOutputs;
    private readonly BoundValue?[] _callOutputs;
    private bool _callOutputsBound;

    public IoBindingRunner(SessionPlan plan)
    {
        _plan = plan;
        _inputs = new BoundValue?[plan.Signature.Inputs.Count];
        _keptOutputs = new BoundValue?[plan.Signature.Outputs.Count];
        _callOutputs = new BoundValue?[plan.Signature.Outputs.Count];
        _runOptions = new RunOptions();
        try
        {
            _binding = plan.Session.CreateIoBinding();
        }
        catch
        {
            _runOptions.Dispose();
            throw;
        }
        NativeLedger.BindingOpened();
    }

    /// <summary>
    /// Binds input <paramref name="index"/> to <paramref name="buffer"/>, unless it is bound to that memory already and
    /// ONNX Runtime reads it in place. An input consumed on another device is copied at bind time, so it is bound again
    /// on every call (<see cref="InputResidency"/>).
    /// </summary>
    public void BindInput(int index, in TensorBuffer buffer) =>
        BindKept(_inputs, index, buffer, isInput: true, mayStayBound: _plan.InputStaysBound(index, buffer.Device));

    /// <summary>Binds output <paramref name="index"/> to caller memory kept bound across calls, unless it is bound to that memory already.</summary>
    public void BindKeptOutput(int index, in TensorBuffer buffer) => BindKept(_keptOutputs, index, buffer, isInput: false, mayStayBound: true);

    /// <summary>Binds output <paramref name="index"/> to <paramref name="buffer"/> for this call only.</summary>
    public void BindCallOutput(int index, in TensorBuffer buffer)
    {
        BeginCallOutputs();
        BoundValue value = BoundValue.Over(buffer, MemoryInfos.For(buffer.Device));
        _callOutputs[index] = value;
        _binding.BindOutput(_plan.Signature.Outputs[index].Name, value.Value);
    }

    /// <summary>Lets ONNX Runtime allocate output <paramref name="index"/> on <paramref name="device"/> for this call; take it with <see cref="TakeOrtAllocated"/>.</summary>
    public void BindOutputToDevice(int index, BufferDevice device)
    {
        BeginCallOutputs();
        _binding.BindOutputToDevice(_plan.Signature.Outputs[index].Name, MemoryInfos.For(device));
    }

    /// <summary>
    /// Runs with the buffers on <paramref name="device"/>. Returns when the outputs are written: ONNX Runtime waits for its
    /// own streams before returning unless the run options say otherwise (<see cref="CudaOrdering.SynchronizeAfterRun"/>).
    /// </summary>
    public void Run(BufferDevice device)
    {
        _plan.Session.RunWithBinding(_runOptions, _binding);
        if (CudaOrdering.SynchronizeAfterRun(device, RunSynchronizesProviders)) _binding.SynchronizeBoundOutputs();
    }

    // This runtime never sets the run option disable_synchronize_execution_providers, so Run waits for its streams.
    private const bool RunSynchronizesProviders = true;

    /// <summary>
    /// Hands over the outputs ONNX Runtime allocated in this call: <paramref name="produced"/>[o] is set for each output
    /// bound with <see cref="BindOutputToDevice"/> and belongs to the caller (release it with <see cref="NativeLedger.Release"/>);
    /// other entries stay <see langword="null"/>.
    /// </summary>
    public void TakeOrtAllocated(Span<OrtValue?> produced)
    {
        // Every bound output comes back, in the order outputs were bound (model order for a call's outputs).
        IReadOnlyList<OrtValue> values = _binding.GetOutputValues();
        int next = 0;
        try
        {
            for (; next < values.Count; next++)
            {
                OrtValue value = NativeLedger.Owned(values[next]);
                if (_callOutputs[next] is null) produced[next] = value;
                else NativeLedger.Release(value); // a second handle on memory bound by this call
            }
        }
        finally
        {
            for (int rest = next + 1; rest < values.Count; rest++) values[rest].Dispose();
        }
    }

    /// <summary>
    /// Ends a call: unbinds this call's outputs; after a failure, also every input and kept output, since the
    /// binding's state is then unknown and everything is bound afresh next time.
    /// </summary>
    public void EndCall(bool succeeded)
    {
        if (_callOutputsBound)
        {
            _binding.ClearBoundOutputs();
            _callOutputsBound = false;
            ReleaseAll(_callOutputs);
        }
        if (succeeded) return;
        Forget(_inputs, inputs: true);
        Forget(_keptOutputs, inputs: false);
    }

    // Outputs of one kind at a time: a call's own outputs replace the kept ones (RunInto's caller buffers).
    private void BeginCallOutputs()
    {
        if (_callOutputsBound) return;
        Forget(_keptOutputs, inputs: false);
        _callOutputsBound = true;
    }

    private void BindKept(BoundValue?[] cache, int index, in TensorBuffer buffer, bool isInput, bool mayStayBound)
    {
        OrtMemoryInfo memoryInfo = MemoryInfos.For(buffer.Device);
        BoundValue? previous = cache[index];
        if (mayStayBound && previous is not null && previous.Matches(buffer, memoryInfo)) return;

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
    }

    private void Forget(BoundValue?[] cache, bool inputs)
    {
        if (!ReleaseAll(cache)) return;
        if (inputs) _binding.ClearBoundInputs();
        else _binding.ClearBoundOutputs();
    }

    private static bool ReleaseAll(BoundValue?[] values)
    {
        bool any = false;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is not { } bound) continue;
            any = true;
            bound.Release();
            values[i] = null;
        }
        return any;
    }

    public void Dispose()
    {
        _binding.Dispose();
        ReleaseAll(_inputs);
        ReleaseAll(_keptOutputs);
        ReleaseAll(_callOutputs);
        _runOptions.Dispose();
        NativeLedger.BindingClosed();
    }
}
