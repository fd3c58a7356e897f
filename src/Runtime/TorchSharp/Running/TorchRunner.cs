using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.Interop;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// The TorchSharp side of a call: turns checked torch tensors into buffer descriptions (cast by the
/// <see cref="CastTable"/>, made contiguous), lets the core's <see cref="IoBindingRunner"/> bind and run them, and
/// turns the outputs back into tensors: pre-allocated where the shape is known, adopted from ONNX Runtime otherwise.
/// One caller at a time.
/// </summary>
/// <remarks>
/// Ownership per call: cast or made-contiguous copies of inputs live until the run returns and are disposed here;
/// result tensors belong to the caller (disposed here only when the call fails).
/// </remarks>
internal sealed class TorchRunner : IDisposable
{
    private readonly SessionPlan _plan;
    private readonly IoBindingRunner _core;

    public TorchRunner(SessionPlan plan)
    {
        _plan = plan;
        _core = new IoBindingRunner(plan);
    }

    /// <summary>
    /// Runs on <paramref name="inputs"/> (checked into <paramref name="checkedInputs"/>) and returns new output tensors
    /// in model order on the inputs' device. <paramref name="givenOutputShapes"/> pre-allocates outputs the model leaves symbolic.
    /// </summary>
    public torch.Tensor[] Run(ReadOnlySpan<torch.Tensor> inputs, CheckedInputs checkedInputs, IReadOnlyDictionary<string, long[]>? givenOutputShapes)
    {
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        int outputCount = declared.Count;
        var dtypes = new torch.ScalarType[outputCount];
        var shapes = new long[]?[outputCount];
        for (int o = 0; o < outputCount; o++)
        {
            dtypes[o] = TorchElementTypes.Bindable(declared[o], "output");
            shapes[o] = OutputShape(o, givenOutputShapes, checkedInputs.Shapes);
        }
        if (givenOutputShapes is not null)
            foreach (string name in givenOutputShapes.Keys)
                if (!_plan.Signature.OutputNames.Contains(name))
                    throw new ArgumentException(
                        $"A shape was given for output '{name}', but the model has no such output (outputs: {string.Join(", ", _plan.Signature.OutputNames)}).",
                        "outputShapes");

        BufferDevice device = checkedInputs.Device;
        var copies = new torch.Tensor?[inputs.Length];
        var results = new torch.Tensor?[outputCount];
        var produced = new OrtValue?[outputCount];
        bool succeeded = false;
        try
        {
            // Every torch write first (casts, contiguous copies, output allocations), then the wait, then ONNX Runtime.
            torch.Tensor[] prepared = Prepare(inputs, checkedInputs, copies);
            bool anyAllocatedByOrt = false;
            for (int o = 0; o < outputCount; o++)
            {
                if (OutputRoutes.Choose(device, shapes[o] is not null) == OutputRoute.PreAllocated)
                    results[o] = torch.empty(shapes[o]!, dtypes[o], device.ToTorch());
                else anyAllocatedByOrt = true;
            }
            WaitForTorch(device);

            BindInputs(prepared, checkedInputs);
            for (int o = 0; o < outputCount; o++)
            {
                if (results[o] is torch.Tensor result) _core.BindCallOutput(o, Describe(result, shapes[o]!, declared[o], device));
                else _core.BindOutputToDevice(o, device);
            }
            RunKeepingCurrentDevice(device);

            if (anyAllocatedByOrt)
            {
                _core.TakeOrtAllocated(produced);
                for (int o = 0; o < outputCount; o++)
                {
                    if (produced[o] is not OrtValue value) continue;
                    produced[o] = null; // TensorMemory owns it from here, whatever happens
                    results[o] = TensorMemory.FromOrtAllocated(value, declared[o].Name, dtypes[o], device);
                }
            }
            succeeded = true;
            return results!;
        }
        finally
        {
            foreach (torch.Tensor? copy in copies) copy?.Dispose();
            _core.EndCall(succeeded);
            if (!succeeded)
            {
                foreach (OrtValue? value in produced)
                    if (value is not null) NativeLedger.Release(value);
                foreach (torch.Tensor? result in results) result?.Dispose();
            }
        }
    }

    /// <summary>
    /// Runs writing into caller-owned <paramref name="outputs"/> (see <see cref="CallerOutputs.Check"/>). Inputs and outputs whose
    /// address and shape did not change since the last call stay bound, so a loop over the same buffers re-binds nothing.
    /// </summary>
    public void RunInto(ReadOnlySpan<torch.Tensor> inputs, CheckedInputs checkedInputs, ReadOnlySpan<torch.Tensor> outputs)
    {
        long[][] outputShapes = CallerOutputs.Check(_plan, outputs, checkedInputs);
        BufferDevice device = checkedInputs.Device;
        IReadOnlyList<TensorSignature> declared = _plan.Signature.Outputs;
        var copies = new torch.Tensor?[inputs.Length];
        bool succeeded = false;
        try
        {
            torch.Tensor[] prepared = Prepare(inputs, checkedInputs, copies);
            WaitForTorch(device);
            BindInputs(prepared, checkedInputs);
            for (int o = 0; o < outputs.Length; o++)
                _core.BindKeptOutput(o, Describe(outputs[o], outputShapes[o], declared[o], device));
            RunKeepingCurrentDevice(device);
            succeeded = true;
        }
        finally
        {
            foreach (torch.Tensor? copy in copies) copy?.Dispose();
            _core.EndCall(succeeded);
        }
    }

    // The tensors to bind: each input cast to the model's dtype and made contiguous where needed (the copies go to `copies`).
    private static torch.Tensor[] Prepare(ReadOnlySpan<torch.Tensor> inputs, CheckedInputs checkedInputs, torch.Tensor?[] copies)
    {
        var prepared = new torch.Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            torch.Tensor tensor = inputs[i];
            if (tensor.dtype != checkedInputs.TargetDtypes[i])
                tensor = copies[i] = tensor.to_type(checkedInputs.TargetDtypes[i]);
            if (!tensor.is_contiguous())
            {
                torch.Tensor contiguous = tensor.contiguous();
                copies[i]?.Dispose();
                tensor = copies[i] = contiguous;
            }
            prepared[i] = tensor;
        }
        return prepared;
    }

    private void BindInputs(torch.Tensor[] prepared, CheckedInputs checkedInputs)
    {
        for (int i = 0; i < prepared.Length; i++)
            _core.BindInput(i, Describe(prepared[i], checkedInputs.Shapes[i], _plan.Signature.Inputs[i], checkedInputs.Device));
    }

    // ONNX Runtime reads CUDA buffers on streams that do not wait for torch's: finish torch's writes before it binds them.
    private static void WaitForTorch(BufferDevice device)
    {
        if (CudaOrdering.SynchronizeBeforeBinding(device)) torch.cuda.synchronize(device.ToTorch());
    }

    // ONNX Runtime's CUDA provider makes the session's device current on the calling thread and leaves it so; the caller's
    // current device is restored, so torch work on plain "cuda" stays where it was.
    private void RunKeepingCurrentDevice(BufferDevice device)
    {
        int? previous = device.IsCuda && CudaRuntime.IsAvailable ? CudaRuntime.CurrentDevice() : null;
        try
        {
            _core.Run(device);
        }
        finally
        {
            if (previous is int current) CudaRuntime.SetCurrentDevice(current);
        }
    }

    // A contiguous tensor's memory, as the element type the model declares (uint16/32/64 ride in signed carriers).
    private static TensorBuffer Describe(torch.Tensor tensor, long[] shape, TensorSignature declared, BufferDevice device) =>
        new(TensorMemory.DataPointer(tensor), shape, declared.ElementType, device);

    private long[]? OutputShape(int index, IReadOnlyDictionary<string, long[]>? given, long[][] inputShapes)
    {
        TensorSignature declared = _plan.Signature.Outputs[index];
        if (given is not null && given.TryGetValue(declared.Name, out long[]? shape) && shape is not null)
        {
            OutputShapes.CheckGiven(declared, shape, "outputShapes");
            return (long[])shape.Clone();
        }
        return _plan.DerivedOutputShape(index, inputShapes);
    }

    public void Dispose() => _core.Dispose();
}
