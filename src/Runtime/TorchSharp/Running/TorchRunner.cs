using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.Interop;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// The TorchSharp side of a call: checks torch tensors (<see cref="TorchInputs"/>), turns them into buffer
/// descriptions (cast by the <see cref="CastTable"/>, made contiguous), lets the core's <see cref="IoBindingRunner"/>
/// bind and run them, and turns the outputs back into tensors: pre-allocated where the shape is known (from the model,
/// the inputs, the caller, or the <see cref="OutputShapeMemo"/>), handed over from ONNX Runtime otherwise. One caller at
/// a time; its per-call arrays are its own and reused, so a steady call allocates only what it returns.
/// </summary>
/// <remarks>
/// Ownership per call: cast or made-contiguous copies of inputs live until the run returns and are disposed here;
/// result tensors belong to the caller (disposed here only when the call fails).
/// </remarks>
internal sealed class TorchRunner : IDisposable
{
    private readonly SessionPlan _plan;
    private readonly IoBindingRunner _core;
    private readonly CheckedInputs _checked;
    private readonly (DeviceType, int)[] _devices;
    private readonly torch.Tensor?[] _copies;
    private readonly torch.Tensor?[] _prepared;
    private readonly long[]?[] _derived;          // per output: its shape for this call's inputs, when the inputs give it
    private readonly long[]?[] _shapes;           // per output: the shape it is pre-allocated with this call, or null
    private readonly long[][] _callerOutputShapes;
    private readonly OrtValue?[] _produced;
    private readonly OutputShapeMemo _memo;
    private readonly RecycledHostMemory?[] _outputMemory;   // per output: host memory that comes back when the caller disposes the output
    private readonly ICudaRuntimeApi _cuda;
    private torch.ScalarType[]? _outputDtypes;

    public TorchRunner(SessionPlan plan, ICudaRuntimeApi? cuda = null)
    {
        _plan = plan;
        _cuda = cuda ?? CudaRuntime.Native;
        int inputs = plan.Signature.Inputs.Count, outputs = plan.Signature.Outputs.Count;
        _checked = new CheckedInputs(inputs);
        _devices = new (DeviceType, int)[inputs];
        _copies = new torch.Tensor?[inputs];
        _prepared = new torch.Tensor?[inputs];
        _derived = new long[]?[outputs];
        for (int o = 0; o < outputs; o++)
            if (plan.Signature.DerivableOutputDims.IsDerivable(plan.Signature.Outputs[o], o)) _derived[o] = new long[plan.Signature.Outputs[o].Rank];
        _shapes = new long[]?[outputs];
        _callerOutputShapes = new long[outputs][];
        for (int o = 0; o < outputs; o++) _callerOutputShapes[o] = Array.Empty<long>();
        _produced = new OrtValue?[outputs];
        _memo = new OutputShapeMemo(outputs);
        _outputMemory = new RecycledHostMemory?[outputs];
        _core = new IoBindingRunner(plan);
    }

    /// <summary>Checks a call's inputs into this runner's <see cref="CheckedInputs"/>, valid until its next call.</summary>
    public CheckedInputs Check(ReadOnlySpan<torch.Tensor> inputs, bool batchSplits, bool allowEmpty = false)
    {
        TorchInputs.Check(_plan, inputs, batchSplits, allowEmpty, _checked, _devices);
        return _checked;
    }

    /// <summary>
    /// Runs on <paramref name="inputs"/> (checked into <paramref name="checkedInputs"/>) and returns new output tensors
    /// in model order on the inputs' device. <paramref name="givenOutputShapes"/> pre-allocates outputs the model leaves symbolic.
    /// </summary>
    public torch.Tensor[] Run(ReadOnlySpan<torch.Tensor> inputs, CheckedInputs checkedInputs, IReadOnlyDictionary<string, long[]>? givenOutputShapes)
    {
        torch.ScalarType[] dtypes = OutputDtypes();
        if (givenOutputShapes is not null) CheckGivenNames(givenOutputShapes);
        try
        {
            return RunOnce(inputs, checkedInputs, givenOutputShapes, dtypes);
        }
        catch (OnnxRuntimeException) when (_memo.GuessedThisCall)
        {
            // An output pre-allocated from memory came out with another shape: its shape follows the values. From now on
            // ONNX Runtime allocates it; this call runs again that way (a genuine error fails again, and surfaces).
            _memo.GuessesFollowValues();
            return RunOnce(inputs, checkedInputs, givenOutputShapes, dtypes);
        }
    }

    private torch.Tensor[] RunOnce(ReadOnlySpan<torch.Tensor> inputs, CheckedInputs checkedInputs, IReadOnlyDictionary<string, long[]>? givenOutputShapes,
        torch.ScalarType[] dtypes)
    {
        _memo.BeginCall();
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        BufferDevice device = checkedInputs.Device;
        var results = new torch.Tensor?[declared.Count];
        bool succeeded = false;
        try
        {
            // Every torch write first (casts, contiguous copies, output allocations), then the wait, then ONNX Runtime.
            Prepare(inputs, checkedInputs);
            bool anyAllocatedByOrt = false;
            for (int o = 0; o < results.Length; o++)
            {
                long[]? shape = _shapes[o] = ShapeBeforeRun(o, checkedInputs, givenOutputShapes);
                if (OutputRoutes.Choose(device, shape is not null) == OutputRoute.PreAllocated)
                    results[o] = RecycledHostMemory.NewOutput(ref _outputMemory[o], shape!, dtypes[o], ElementTypes.SizeOf(declared[o].ElementType), device);
                else anyAllocatedByOrt = true;
            }
            WaitForTorch(device);

            BindInputs(checkedInputs);
            for (int o = 0; o < results.Length; o++)
            {
                if (results[o] is torch.Tensor result) _core.BindOutput(o, Describe(result, _shapes[o]!, declared[o], device));
                else _core.BindOutputToDevice(o, device);
            }
            RunKeepingCurrentDevice(device);

            if (anyAllocatedByOrt) HandOver(results, checkedInputs, dtypes, device);
            succeeded = true;
            return results!;
        }
        finally
        {
            EndCall(succeeded);
            if (!succeeded)
                foreach (torch.Tensor? result in results) result?.Dispose();
        }
    }

    /// <summary>
    /// Runs writing into caller-owned <paramref name="outputs"/> (see <see cref="CallerOutputs.Check"/>). Inputs and outputs whose
    /// address and shape did not change since the last call stay bound, so a loop over the same buffers re-binds nothing.
    /// </summary>
    public void RunInto(ReadOnlySpan<torch.Tensor> inputs, CheckedInputs checkedInputs, ReadOnlySpan<torch.Tensor> outputs)
    {
        for (int o = 0; o < _derived.Length; o++)
            if (_derived[o] is long[] derived) _plan.Signature.DerivableOutputDims.ResolveInto(_plan.Signature.Outputs[o], o, checkedInputs.Shapes, derived);
        CallerOutputs.Check(_plan, outputs, checkedInputs, _derived, _callerOutputShapes);
        BufferDevice device = checkedInputs.Device;
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        bool succeeded = false;
        try
        {
            Prepare(inputs, checkedInputs);
            WaitForTorch(device);
            BindInputs(checkedInputs);
            for (int o = 0; o < outputs.Length; o++)
                _core.BindOutput(o, Describe(outputs[o], _callerOutputShapes[o], declared[o], device));
            _core.EnsureOutputsOwnTheirMemory("outputs");
            try
            {
                RunKeepingCurrentDevice(device);
            }
            catch (OnnxRuntimeException)
            {
                // ONNX Runtime's error for an output of the wrong shape names no output: explained by name where the shape was the cause.
                if (_core.ExplainOutputShapes(device, _callerOutputShapes, "outputs") is ArgumentException explained) throw explained;
                throw;
            }
            succeeded = true;
        }
        finally
        {
            EndCall(succeeded);
        }
    }

    // The shape to pre-allocate output `o` with: given by the caller, derived from the inputs, or remembered; null when
    // only the run can tell. The memo records which outputs it guessed, so a wrong guess can be undone.
    private long[]? ShapeBeforeRun(int o, CheckedInputs checkedInputs, IReadOnlyDictionary<string, long[]>? given)
    {
        TensorSignature declared = _plan.Signature.Outputs[o];
        if (given is not null && given.TryGetValue(declared.Name, out long[]? shape) && shape is not null)
        {
            OutputShapes.CheckGiven(declared, shape, "outputShapes");
            return shape;
        }
        if (_derived[o] is long[] derived)
        {
            _plan.Signature.DerivableOutputDims.ResolveInto(declared, o, checkedInputs.Shapes, derived);
            return derived;
        }
        return OutputRoutes.MayPreAllocateFromMemo(_plan.AcceptsCuda) ? _memo.Recall(o, checkedInputs.Shapes) : null;
    }

    // Output shapes of up to this many dimensions are read into the stack (ONNX allows more; those use an array).
    private const int MaxMemoRank = 16;

    // Outputs ONNX Runtime allocated become torch tensors; their shapes are remembered for the next call.
    private void HandOver(torch.Tensor?[] results, CheckedInputs checkedInputs, torch.ScalarType[] dtypes, BufferDevice device)
    {
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        _core.TakeOrtAllocated(_produced);
        Span<long> dims = stackalloc long[MaxMemoRank];
        for (int o = 0; o < results.Length; o++)
        {
            if (_produced[o] is not OrtValue value) continue;
            _produced[o] = null; // TensorMemory owns it from here, whatever happens
            torch.Tensor result = results[o] = TensorMemory.FromOrtAllocated(value, declared[o].Name, dtypes[o], device);
            int rank = TensorFacts.Rank(result);
            Span<long> shape = rank <= MaxMemoRank ? dims[..rank] : new long[rank];
            TensorFacts.SizesInto(result, shape);
            _memo.Learn(o, checkedInputs.Shapes, shape);
        }
    }

    // The tensors to bind: each input cast to the model's dtype and made contiguous where needed (the copies are owned here until EndCall).
    private void Prepare(ReadOnlySpan<torch.Tensor> inputs, CheckedInputs checkedInputs)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            torch.Tensor tensor = inputs[i];
            if (checkedInputs.Dtypes[i] != checkedInputs.TargetDtypes[i])
                tensor = _copies[i] = tensor.to_type(checkedInputs.TargetDtypes[i]);
            if (!TensorFacts.IsContiguous(tensor))
            {
                torch.Tensor contiguous = tensor.contiguous();
                _copies[i]?.Dispose();
                tensor = _copies[i] = contiguous;
            }
            _prepared[i] = tensor;
        }
    }

    private void BindInputs(CheckedInputs checkedInputs)
    {
        for (int i = 0; i < _prepared.Length; i++)
            _core.BindInput(i, Describe(_prepared[i]!, checkedInputs.Shapes[i], _plan.Signature.Inputs[i], checkedInputs.Device));
    }

    private void EndCall(bool succeeded)
    {
        for (int i = 0; i < _copies.Length; i++)
        {
            _copies[i]?.Dispose();
            _copies[i] = null;
            _prepared[i] = null;
        }
        for (int o = 0; o < _produced.Length; o++)
        {
            if (_produced[o] is OrtValue value) NativeLedger.Release(value);
            _produced[o] = null;
            _shapes[o] = null;
        }
        _core.EndCall(succeeded);
    }

    // ONNX Runtime reads CUDA buffers on streams that do not wait for torch's: finish torch's writes before it binds them.
    private static void WaitForTorch(BufferDevice device)
    {
        if (CudaOrdering.SynchronizeBeforeBinding(device)) torch.cuda.synchronize(device.ToTorch());
    }

    // ONNX Runtime's CUDA provider makes the session's device current on the calling thread and leaves it so; the caller's
    // current device is restored, so torch work on plain "cuda" stays where it was. A failed run on CUDA is waited for
    // before the finally blocks and the memo's retry free or reuse the call's tensors (CudaDeviceCalls).
    private void RunKeepingCurrentDevice(BufferDevice device) =>
        CudaDeviceCalls.RunKeepingCurrentDevice(_cuda, device, _core, static (core, on) => core.Run(on));

    // Each output's dtype, asked once; an output no torch dtype can hold fails every call, naming it.
    private torch.ScalarType[] OutputDtypes()
    {
        if (_outputDtypes is { } known) return known;
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        var dtypes = new torch.ScalarType[declared.Count];
        for (int o = 0; o < dtypes.Length; o++) dtypes[o] = TorchElementTypes.Bindable(declared[o], "output");
        return _outputDtypes = dtypes;
    }

    private void CheckGivenNames(IReadOnlyDictionary<string, long[]> givenOutputShapes)
    {
        foreach (string name in givenOutputShapes.Keys)
            if (!_plan.Signature.OutputNames.Contains(name))
                throw new ArgumentException(
                    $"A shape was given for output '{name}', but the model has no such output (outputs: {string.Join(", ", _plan.Signature.OutputNames)}).",
                    "outputShapes");
    }

    // A contiguous tensor's memory, as the element type the model declares (uint16/32/64 ride in signed carriers).
    private static TensorBuffer Describe(torch.Tensor tensor, long[] shape, TensorSignature declared, BufferDevice device) =>
        new(TensorMemory.DataPointer(tensor), shape, declared.ElementType, device);

    public void Dispose()
    {
        _core.Dispose();
        foreach (RecycledHostMemory? memory in _outputMemory) memory?.Dispose();
    }
}
