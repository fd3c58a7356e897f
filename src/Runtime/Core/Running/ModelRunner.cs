using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// One call of any front-end, written once: checks the inputs (each fact once per call), works out every output's shape
/// it can before the run (given by the caller, derived from the inputs, or remembered by the <see cref="OutputShapeMemo"/>),
/// pre-allocates those outputs from its <see cref="OutputBlockPool"/>, binds everything by address through its
/// <see cref="IoBindingRunner"/>, runs, hands over what ONNX Runtime allocated, retries once when a remembered shape was
/// wrong, and cleans up. Batches are split and padded under limits here too (<c>ModelRunner.Batching.cs</c>). What only
/// a front-end's tensors know comes from <typeparamref name="TFrontEnd"/> (<see cref="IFrontEnd{TTensor}"/>).
/// </summary>
/// <remarks>
/// One caller at a time; its per-call arrays are its own and reused, so a steady call allocates only what it returns
/// (<see cref="RunInto"/> nothing). Ownership per call: what the front-end pins or copies lives until the call ends;
/// result tensors belong to the caller (disposed here only when the call fails).
/// </remarks>
/// <typeparam name="TTensor">The front-end's tensor type.</typeparam>
/// <typeparam name="TFrontEnd">The front-end: a struct, so its calls are direct.</typeparam>
internal sealed partial class ModelRunner<TTensor, TFrontEnd> : IDisposable
    where TTensor : class, IDisposable
    where TFrontEnd : struct, IFrontEnd<TTensor>
{
    private readonly SessionPlan _plan;
    private readonly IoBindingRunner _binding;
    private readonly long[][] _inputShapes;       // per input: its shape this call (the whole batch when it is split)
    private readonly long[]?[] _derived;          // per output: its shape for this run's inputs, when the inputs give it
    private readonly long[]?[] _shapes;           // per output: its shape in the last run (pre-allocated, or as ONNX Runtime made it)
    private readonly long[][] _callerOutputShapes;
    private readonly OrtValue?[] _produced;
    private readonly OutputShapeMemo _memo;
    private readonly OutputBlockPool _blocks;
    private TFrontEnd _frontEnd;                  // not readonly: its calls update its state in place
    private BufferDevice _device;

    public ModelRunner(SessionPlan plan, TFrontEnd frontEnd)
    {
        _plan = plan;
        _frontEnd = frontEnd;
        int inputs = plan.Signature.Inputs.Count, outputs = plan.Signature.Outputs.Count;
        _inputShapes = new long[inputs][];
        for (int i = 0; i < inputs; i++) _inputShapes[i] = Array.Empty<long>();
        _runShapes = new long[inputs][];
        _derived = new long[]?[outputs];
        for (int o = 0; o < outputs; o++)
            if (plan.Signature.DerivableOutputDims.IsDerivable(plan.Signature.Outputs[o], o)) _derived[o] = new long[plan.Signature.Outputs[o].Rank];
        _shapes = new long[]?[outputs];
        _callerOutputShapes = new long[outputs][];
        for (int o = 0; o < outputs; o++) _callerOutputShapes[o] = Array.Empty<long>();
        _produced = new OrtValue?[outputs];
        _memo = new OutputShapeMemo(outputs);
        _blocks = new OutputBlockPool(outputs);
        _binding = new IoBindingRunner(plan);
    }

    /// <summary>
    /// Runs on <paramref name="inputs"/> (model order) and returns new output tensors in model order, owned by the caller.
    /// Under <paramref name="limits"/> the batch is split and padded along dimension 0; <paramref name="givenOutputShapes"/>
    /// (by output name; for the whole batch) pre-allocates outputs the model leaves symbolic.
    /// </summary>
    public TTensor[] Run(ReadOnlySpan<TTensor> inputs, bool allowEmpty, BatchLimits limits = default, IReadOnlyDictionary<string, long[]>? givenOutputShapes = null)
    {
        // A model without inputs (its outputs are constants) has no batch to split: it runs once, whatever the limits.
        bool splits = limits.Any && _inputShapes.Length > 0;
        CheckInputs(inputs, allowEmpty, batchSplits: splits);
        long[]?[]? given = givenOutputShapes is null ? null : GivenShapes(givenOutputShapes);
        if (splits) return RunInBatches(inputs, allowEmpty, limits, given);
        CheckGivenShapes(given);
        return RunRetrying(inputs, _inputShapes, given);
    }

    /// <summary>
    /// Runs writing into caller-owned <paramref name="outputs"/>: one per model output, each checked by the front-end and
    /// against the shape the inputs give it. Inputs and outputs whose address and shape did not change since the last call
    /// stay bound. No batching: the tensors are used as they are.
    /// </summary>
    public void RunInto(ReadOnlySpan<TTensor> inputs, ReadOnlySpan<TTensor> outputs, bool allowEmpty)
    {
        CheckInputs(inputs, allowEmpty, batchSplits: false);
        ResolveDerivedShapes(_inputShapes);
        CheckCallerOutputs(outputs);
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        bool succeeded = false;
        try
        {
            _frontEnd.Prepare(inputs);
            _frontEnd.BeforeBinding(_device);
            BindInputs(inputs, _inputShapes);
            for (int o = 0; o < outputs.Length; o++)
                _binding.BindOutput(o, _frontEnd.OutputBuffer(o, outputs[o], _callerOutputShapes[o], declared[o], _device));
            _binding.EnsureOutputsOwnTheirMemory(OutputShapes.CallerOutputsParameter);
            try
            {
                _frontEnd.Run(_binding, _device);
            }
            catch (OnnxRuntimeException)
            {
                // ONNX Runtime's error for an output of the wrong shape names no output: explained by name where the shape was the cause.
                if (_binding.ExplainOutputShapes(_device, _callerOutputShapes, OutputShapes.CallerOutputsParameter) is ArgumentException explained) throw explained;
                throw;
            }
            succeeded = true;
        }
        finally
        {
            EndCall(succeeded);
        }
    }

    // Every input fact, once per call: the count, what only the tensors tell, the declared shapes and shared dimensions
    // (dimension 0 left to the batch checks when the batch is split), and the device.
    private void CheckInputs(ReadOnlySpan<TTensor> inputs, bool allowEmpty, bool batchSplits)
    {
        ModelSignature signature = _plan.Signature;
        InputChecks.CheckCount(signature, inputs.Length);
        for (int i = 0; i < inputs.Length; i++) _frontEnd.CheckInput(i, inputs[i], signature.Inputs[i], ref _inputShapes[i]);
        InputChecks.CheckShapes(signature, _inputShapes, batchSplits, allowEmpty);
        // A model without inputs has no input to take a device from: it runs on the CPU.
        _device = inputs.Length == 0 ? BufferDevice.Cpu : _frontEnd.CheckDevices(_plan, inputs);
    }

    private void CheckCallerOutputs(ReadOnlySpan<TTensor> outputs)
    {
        ModelSignature signature = _plan.Signature;
        if (outputs.Length != signature.Outputs.Count)
            throw new ArgumentException(
                $"The model has {signature.Outputs.Count} output(s) ({string.Join(", ", signature.OutputNames)}), {outputs.Length} were given.", OutputShapes.CallerOutputsParameter);
        for (int o = 0; o < outputs.Length; o++)
        {
            TensorSignature declared = signature.Outputs[o];
            _frontEnd.CheckOutput(o, outputs[o], declared, _device, ref _callerOutputShapes[o]);
            long[] shape = _callerOutputShapes[o];
            if (_derived[o] is long[] expected && !shape.AsSpan().SequenceEqual(expected))
                throw new OnnxOutputException(declared.Name,
                    $"Output '{declared.Name}' has shape {ShapeText.Of(shape)}, but for these inputs the model writes {ShapeText.Of(expected)} (declared {declared.ShapeText}).",
                    OutputShapes.CallerOutputsParameter);
            OutputShapes.CheckGiven(declared, shape, OutputShapes.CallerOutputsParameter);
        }
    }

    // The caller's output shapes by name, in model order (for the whole batch when it is split).
    private long[]?[] GivenShapes(IReadOnlyDictionary<string, long[]> byName)
    {
        ModelSignature signature = _plan.Signature;
        foreach (string name in byName.Keys)
            if (!signature.OutputNames.Contains(name))
                throw new ArgumentException(
                    $"A shape was given for output '{name}', but the model has no such output (outputs: {string.Join(", ", signature.OutputNames)}).",
                    GivenShapesParameter);
        var given = new long[]?[signature.Outputs.Count];
        for (int o = 0; o < given.Length; o++)
            if (byName.TryGetValue(signature.Outputs[o].Name, out long[]? shape)) given[o] = shape;
        return given;
    }

    // The output shapes of one run, checked against what the model declares.
    private void CheckGivenShapes(long[]?[]? given)
    {
        if (given is null) return;
        for (int o = 0; o < given.Length; o++)
            if (given[o] is long[] shape) OutputShapes.CheckGiven(_plan.Signature.Outputs[o], shape, GivenShapesParameter);
    }

    private const string GivenShapesParameter = "outputShapes";

    private TTensor[] RunRetrying(ReadOnlySpan<TTensor> inputs, long[][] shapes, long[]?[]? given)
    {
        try
        {
            return RunOnce(inputs, shapes, given);
        }
        catch (OnnxRuntimeException) when (_memo.GuessedThisCall)
        {
            // An output pre-allocated from memory came out with another shape: its shape follows the values. From now on
            // ONNX Runtime allocates it; this call runs again that way (a genuine error fails again, and surfaces).
            _memo.GuessesFollowValues();
            return RunOnce(inputs, shapes, given);
        }
    }

    private TTensor[] RunOnce(ReadOnlySpan<TTensor> inputs, long[][] shapes, long[]?[]? given)
    {
        _memo.BeginCall();
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        var results = new TTensor?[declared.Count];
        bool succeeded = false;
        try
        {
            // Every write of the front-end first (prepared inputs, new outputs), then its wait, then ONNX Runtime.
            _frontEnd.Prepare(inputs);
            ResolveDerivedShapes(shapes);
            bool anyAllocatedByOrt = false;
            for (int o = 0; o < results.Length; o++)
            {
                if ((_shapes[o] = ShapeBeforeRun(o, shapes, given)) is long[] shape) results[o] = _frontEnd.NewOutput(o, shape, declared[o], _device, _blocks);
                else anyAllocatedByOrt = true;
            }
            _frontEnd.BeforeBinding(_device);

            BindInputs(inputs, shapes);
            for (int o = 0; o < results.Length; o++)
            {
                if (results[o] is TTensor result) _binding.BindOutput(o, _frontEnd.OutputBuffer(o, result, _shapes[o]!, declared[o], _device));
                else _binding.BindOutputToDevice(o, _device);
            }
            _frontEnd.Run(_binding, _device);

            if (anyAllocatedByOrt) HandOver(results, shapes);
            succeeded = true;
            return results!;
        }
        finally
        {
            EndCall(succeeded);
            if (!succeeded)
                foreach (TTensor? result in results)
                    if (result is not null) result.Dispose();
        }
    }

    private void ResolveDerivedShapes(long[][] inputShapes)
    {
        for (int o = 0; o < _derived.Length; o++)
            if (_derived[o] is long[] derived) _plan.Signature.DerivableOutputDims.ResolveInto(_plan.Signature.Outputs[o], o, inputShapes, derived);
    }

    // The shape to pre-allocate output `o` with: given by the caller, derived from the inputs, or remembered; null when
    // only the run can tell. The memo records which outputs it guessed, so a wrong guess can be undone.
    private long[]? ShapeBeforeRun(int o, long[][] inputShapes, long[]?[]? given)
    {
        if (given?[o] is long[] shape) return shape;
        if (_derived[o] is long[] derived) return derived;
        return OutputRoutes.MayPreAllocateFromMemo(_plan.AcceptsCuda) ? _memo.Recall(o, inputShapes) : null;
    }

    // Outputs ONNX Runtime allocated become the front-end's tensors; their shapes are remembered for the next call.
    private void HandOver(TTensor?[] results, long[][] inputShapes)
    {
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        _binding.TakeOrtAllocated(_produced);
        for (int o = 0; o < results.Length; o++)
        {
            if (_produced[o] is not OrtValue value) continue;
            _produced[o] = null; // the front-end owns it from here, whatever happens
            long[] shape;
            long bytes;
            try
            {
                shape = value.GetTensorTypeAndShape().Shape;
                bytes = OutputRoutes.HandOverBytes(value, declared[o].Name, _frontEnd.LargeOutputRemedy);
            }
            catch
            {
                NativeLedger.Release(value);
                throw;
            }
            results[o] = _frontEnd.Adopt(o, value, shape, bytes, declared[o], _device);
            _shapes[o] = shape;
            _memo.Learn(o, inputShapes, shape);
        }
        _frontEnd.HandedOver(_device);
    }

    private void BindInputs(ReadOnlySpan<TTensor> inputs, long[][] shapes)
    {
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Inputs;
        for (int i = 0; i < inputs.Length; i++) _binding.BindInput(i, _frontEnd.InputBuffer(i, inputs[i], shapes[i], declared[i], _device));
    }

    private void EndCall(bool succeeded)
    {
        _frontEnd.EndCall();
        for (int o = 0; o < _produced.Length; o++)
        {
            if (_produced[o] is OrtValue value) NativeLedger.Release(value);
            _produced[o] = null;
        }
        _binding.EndCall(succeeded);
    }

    /// <summary>The runner's IO binding (tests read what is bound where).</summary>
    internal IoBindingRunner Binding => _binding;

    public void Dispose()
    {
        _binding.Dispose();
        _blocks.Dispose();
    }
}
