using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// One call of the typed front-end: checks <see cref="OnnxTensor"/>s (<see cref="TensorInputs"/>), pins them, lets the
/// core's <see cref="IoBindingRunner"/> bind them by address and run, and returns the outputs as tensors that own their
/// native memory: pre-allocated where the shape is known before the run (from the model, the inputs or the
/// <see cref="OutputShapeMemo"/>), in a block the caller's disposed output of the last call left when there is one
/// (<see cref="OutputBlocks"/>: same address, so it stays bound), handed over from ONNX Runtime otherwise. Outputs are in host memory: on a GPU session
/// ONNX Runtime copies them there. One caller at a time; its per-call arrays are its own and reused, so
/// <see cref="RunInto"/> allocates nothing.
/// </summary>
/// <remarks>
/// Ownership per call: input and destination memory is pinned (managed) or referenced (native) from bind to the end of
/// the call, so a concurrent Dispose frees nothing a run reads. Result tensors belong to the caller (disposed here only
/// when the call fails).
/// </remarks>
internal sealed class TensorRunner : IDisposable
{
    private readonly SessionPlan _plan;
    private readonly IoBindingRunner _core;
    private readonly long[][] _inputShapes;
    private readonly PinnedTensor[] _inputPins;
    private readonly PinnedTensor[] _outputPins;
    private readonly OnnxTensor?[] _pinnedInputs;
    private readonly OnnxTensor?[] _pinnedOutputs;
    private readonly long[]?[] _derived;          // per output: its shape for this call's inputs, when the inputs give it
    private readonly OrtValue?[] _produced;
    private readonly OutputShapeMemo _memo;
    private readonly OutputBlocks _blocks;

    public TensorRunner(SessionPlan plan)
    {
        _plan = plan;
        int inputs = plan.Signature.Inputs.Count, outputs = plan.Signature.Outputs.Count;
        _inputShapes = new long[inputs][];
        _inputPins = new PinnedTensor[inputs];
        _outputPins = new PinnedTensor[outputs];
        _pinnedInputs = new OnnxTensor?[inputs];
        _pinnedOutputs = new OnnxTensor?[outputs];
        _derived = new long[]?[outputs];
        for (int o = 0; o < outputs; o++)
            if (plan.Signature.DerivableOutputDims.IsDerivable(plan.Signature.Outputs[o], o)) _derived[o] = new long[plan.Signature.Outputs[o].Rank];
        _produced = new OrtValue?[outputs];
        _memo = new OutputShapeMemo(outputs);
        _blocks = new OutputBlocks(outputs);
        _core = new IoBindingRunner(plan);
    }

    /// <summary>Runs on <paramref name="inputs"/> and returns new output tensors in model order, owned by the caller.</summary>
    public OnnxTensor[] Run(ReadOnlySpan<OnnxTensor> inputs, bool allowEmpty)
    {
        TensorInputs.Check(_plan, inputs, allowEmpty, _inputShapes);
        try
        {
            return RunOnce(inputs);
        }
        catch (OnnxRuntimeException) when (_memo.GuessedThisCall)
        {
            // An output pre-allocated from memory came out with another shape: its shape follows the values. From now on
            // ONNX Runtime allocates it; this call runs again that way (a genuine error fails again, and surfaces).
            _memo.GuessesFollowValues();
            return RunOnce(inputs);
        }
    }

    /// <summary>
    /// Runs writing into caller-owned <paramref name="outputs"/> (see <see cref="TensorOutputs.Check"/>). Inputs and
    /// outputs whose address and shape did not change since the last call stay bound.
    /// </summary>
    public void RunInto(ReadOnlySpan<OnnxTensor> inputs, ReadOnlySpan<OnnxTensor> outputs, bool allowEmpty)
    {
        TensorInputs.Check(_plan, inputs, allowEmpty, _inputShapes);
        ResolveDerivedShapes();
        TensorOutputs.Check(_plan.Signature, outputs, _derived);
        bool succeeded = false;
        try
        {
            BindInputs(inputs);
            for (int o = 0; o < outputs.Length; o++) BindOutput(o, outputs[o]);
            _core.EnsureOutputsOwnTheirMemory("outputs");
            RunIntoCallerOutputs(outputs);
            succeeded = true;
        }
        finally
        {
            EndCall(succeeded);
        }
    }

    // ONNX Runtime's error for an output of the wrong shape names no output: explained by name where the shape was the cause.
    private void RunIntoCallerOutputs(ReadOnlySpan<OnnxTensor> outputs)
    {
        try
        {
            _core.Run(BufferDevice.Cpu);
        }
        catch (OnnxRuntimeException)
        {
            var given = new long[outputs.Length][];
            for (int o = 0; o < given.Length; o++) given[o] = outputs[o].ShapeArray;
            if (_core.ExplainOutputShapes(BufferDevice.Cpu, given, "outputs") is ArgumentException explained) throw explained;
            throw;
        }
    }

    private OnnxTensor[] RunOnce(ReadOnlySpan<OnnxTensor> inputs)
    {
        _memo.BeginCall();
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        var results = new OnnxTensor?[declared.Count];
        bool succeeded = false;
        try
        {
            BindInputs(inputs);
            ResolveDerivedShapes();
            bool anyAllocatedByOrt = false;
            for (int o = 0; o < results.Length; o++)
            {
                if (ShapeBeforeRun(o) is long[] shape)
                {
                    long bytes = checked(OnnxTensor.ElementCountOf(shape) * ElementTypes.SizeOf(declared[o].ElementType));
                    results[o] = DotnetElementTypes.Over(declared[o].ElementType, _blocks.Take(o, bytes), (long[])shape.Clone(), BufferDevice.Cpu);
                    results[o]!.OutputName = declared[o].Name;
                    BindOutput(o, results[o]!);
                }
                else
                {
                    _core.BindOutputToDevice(o, BufferDevice.Cpu);
                    anyAllocatedByOrt = true;
                }
            }
            _core.Run(BufferDevice.Cpu);
            if (anyAllocatedByOrt) HandOver(results);
            succeeded = true;
            return results!;
        }
        finally
        {
            EndCall(succeeded);
            if (!succeeded)
                foreach (OnnxTensor? result in results) result?.Dispose();
        }
    }

    private void ResolveDerivedShapes()
    {
        for (int o = 0; o < _derived.Length; o++)
            if (_derived[o] is long[] derived) _plan.Signature.DerivableOutputDims.ResolveInto(_plan.Signature.Outputs[o], o, _inputShapes, derived);
    }

    // The shape to pre-allocate output `o` with: derived from the inputs, or remembered; null when only the run can tell.
    private long[]? ShapeBeforeRun(int o)
    {
        if (_derived[o] is long[] derived) return derived;
        return OutputRoutes.MayPreAllocateFromMemo(_plan.AcceptsCuda) ? _memo.Recall(o, _inputShapes) : null;
    }

    // Outputs ONNX Runtime allocated become tensors owning their OrtValue; their shapes are remembered for the next call.
    private void HandOver(OnnxTensor?[] results)
    {
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        _core.TakeOrtAllocated(_produced);
        for (int o = 0; o < results.Length; o++)
        {
            if (_produced[o] is not OrtValue value) continue;
            _produced[o] = null; // the tensor (or the release below) owns it from here, whatever happens
            NativeTensorMemory memory;
            long[] shape;
            try
            {
                shape = value.GetTensorTypeAndShape().Shape;
                OutputRoutes.HandOverBytes(value, declared[o].Name, "Use RunInto with a tensor of your own.");
                memory = NativeTensorMemory.Of(value, OutputRoutes.AddressOf(value));
            }
            catch
            {
                NativeLedger.Release(value);
                throw;
            }
            results[o] = DotnetElementTypes.Over(declared[o].ElementType, memory, shape, BufferDevice.Cpu);
            results[o]!.OutputName = declared[o].Name;
            _memo.Learn(o, _inputShapes, shape);
        }
    }

    private void BindInputs(ReadOnlySpan<OnnxTensor> inputs)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            OnnxTensor tensor = inputs[i];
            IntPtr data = tensor.Pin(ref _inputPins[i]);
            _pinnedInputs[i] = tensor;
            _core.BindInput(i, new TensorBuffer(data, tensor.ShapeArray, tensor.ElementType, tensor.Device));
        }
    }

    private void BindOutput(int o, OnnxTensor tensor)
    {
        IntPtr data = tensor.Pin(ref _outputPins[o]);
        _pinnedOutputs[o] = tensor;
        _core.BindOutput(o, new TensorBuffer(data, tensor.ShapeArray, tensor.ElementType, tensor.Device));
    }

    private void EndCall(bool succeeded)
    {
        Unpin(_pinnedInputs, _inputPins);
        Unpin(_pinnedOutputs, _outputPins);
        for (int o = 0; o < _produced.Length; o++)
        {
            if (_produced[o] is OrtValue value) NativeLedger.Release(value);
            _produced[o] = null;
        }
        _core.EndCall(succeeded);
    }

    private static void Unpin(OnnxTensor?[] tensors, PinnedTensor[] pins)
    {
        for (int i = 0; i < tensors.Length; i++)
        {
            tensors[i]?.Unpin(ref pins[i]);
            tensors[i] = null;
        }
    }

    public void Dispose()
    {
        _core.Dispose();
        _blocks.Dispose();
    }
}
