using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// The typed front-end's side of a call (<see cref="OnnxTensor"/>s, <see cref="ModelSession"/>): what only these tensors
/// tell (null, disposed, element type, device), pinning them for the call, outputs in host memory (pre-allocated from the
/// runner's blocks, or ONNX Runtime's handed over without a copy) or, under <c>ModelSession.OutputsOnDevice</c>, on the
/// session's device (from its allocator, or ONNX Runtime's handed over without a copy), and batch rows cut and joined by
/// copying host memory.
/// </summary>
/// <remarks>
/// Pins: input and destination memory is pinned (managed) or referenced (native) from bind to the end of the call, so a
/// concurrent Dispose frees nothing a run reads. A run that fails after binding CUDA memory is waited for before the pins
/// end (<see cref="DeviceTensorOrdering.WaitsAfterFailedRun"/>).
/// </remarks>
internal struct OnnxTensorFrontEnd : IFrontEnd<OnnxTensor>
{
    /// <summary>A runner of this front-end for <paramref name="plan"/>'s session.</summary>
    public static ModelRunner<OnnxTensor, OnnxTensorFrontEnd> NewRunner(SessionPlan plan) => NewRunner(plan, deviceMemory: null);

    /// <summary>A runner whose outputs on the device (<see cref="SessionPlan.OutputsOnDevice"/>) come from <paramref name="deviceMemory"/>.</summary>
    public static ModelRunner<OnnxTensor, OnnxTensorFrontEnd> NewRunner(SessionPlan plan, SessionTensorAllocator? deviceMemory) =>
        new(plan, new OnnxTensorFrontEnd(plan, deviceMemory));

    private readonly PinnedTensor[] _inputPins;
    private readonly PinnedTensor[] _outputPins;
    private readonly OnnxTensor?[] _pinnedInputs;
    private readonly OnnxTensor?[] _pinnedOutputs;
    private readonly SessionPlan _plan;
    private readonly SessionTensorAllocator? _deviceMemory;
    private bool _outputsOnDevice;   // this call's new outputs come from _deviceMemory
    private bool _boundCuda;         // this run attempt bound CUDA memory of the caller's

    /// <exception cref="NotSupportedException">The model has a string, sequence, optional or map: see <see cref="ModelSession.RunValues"/>.</exception>
    public OnnxTensorFrontEnd(SessionPlan plan, SessionTensorAllocator? deviceMemory)
    {
        ModelSignature signature = plan.Signature;
        // Run and RunInto bind tensors of numbers by address; ONNX Runtime makes the other values, through RunValues.
        foreach (TensorSignature value in signature.Inputs.Concat(signature.Outputs))
            if (!value.IsAddressable)
                throw new NotSupportedException(
                    $"The model's {(signature.Inputs.Contains(value) ? "input" : "output")} '{value.Name}' is a {value.TypeText}: Run and RunInto bind tensors " +
                    "of numbers by address. Call ModelSession.RunValues (a generated class's Run does), which takes and returns strings, sequences, optionals and maps.");
        _plan = plan;
        _deviceMemory = deviceMemory;
        _outputsOnDevice = false;
        _boundCuda = false;
        _inputPins = new PinnedTensor[signature.Inputs.Count];
        _pinnedInputs = new OnnxTensor?[signature.Inputs.Count];
        _outputPins = new PinnedTensor[signature.Outputs.Count];
        _pinnedOutputs = new OnnxTensor?[signature.Outputs.Count];
    }

    public readonly string LargeOutputRemedy => "Use RunInto with a tensor of your own.";

    public readonly void CheckInput(int index, OnnxTensor? tensor, TensorSignature declared, ref long[] shape)
    {
        if (tensor is null)
            throw new OnnxInputException(declared.Name, declared.ToString(), "null", $"Input '{declared.Name}' is null; the model expects {Describe(declared)}.");
        if (tensor.IsDisposed)
            throw new OnnxInputException(declared.Name, declared.ToString(), "a disposed tensor",
                $"Input '{declared.Name}' was disposed before the call (the model expects {Describe(declared)}). " +
                (tensor.OutputName is { } output
                    ? $"It is output '{output}' of an earlier call: to keep an output past its Outputs object, take it with Outputs.Take before disposing the Outputs."
                    : "Pass a tensor that is not disposed."));
        if (tensor.ElementType != declared.ElementType)
            throw new OnnxInputException(declared.Name, ElementTypes.OnnxName(declared.ElementType), ElementTypes.OnnxName(tensor.ElementType),
                $"Input '{declared.Name}' holds {ElementTypes.OnnxName(tensor.ElementType)}, but the model expects {Describe(declared)}.");
        shape = tensor.ShapeArray;
    }

    // Each input is read where it is (host memory, or a CUDA device the session reads); outputs come back to the host, or
    // to the session's device when the caller asked for that (ModelSession.OutputsOnDevice).
    public BufferDevice CheckDevices(SessionPlan plan, ReadOnlySpan<OnnxTensor> inputs)
    {
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i].Device.IsCuda) CudaInputs.CheckSessionReads(plan.Signature.Inputs[i].Name, inputs[i].Device, plan.AcceptsCuda, plan.CudaDevice);
        _outputsOnDevice = plan.OutputsOnDevice && _deviceMemory is not null;
        return DeviceTensorOrdering.OutputDevice(_outputsOnDevice, plan.Device);
    }

    public readonly void CheckOutput(int index, OnnxTensor? tensor, TensorSignature declared, BufferDevice device, ref long[] shape)
    {
        const string parameter = OutputShapes.CallerOutputsParameter;
        if (tensor is null)
            throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' is null; the model writes {Describe(declared)}.", parameter);
        if (tensor.IsDisposed)
            throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' was disposed before the call; the model writes {Describe(declared)}.", parameter);
        if (tensor.ElementType != declared.ElementType)
            throw new OnnxOutputException(declared.Name,
                $"Output '{declared.Name}' holds {ElementTypes.OnnxName(tensor.ElementType)}, but the model writes {Describe(declared)}.", parameter);
        if (tensor.Device.IsCuda) CheckSessionWrites(declared, tensor.Device, parameter);
        shape = tensor.ShapeArray;
    }

    public readonly void Prepare(ReadOnlySpan<OnnxTensor> inputs)
    {
    }

    public readonly void BeforeBinding(BufferDevice device)
    {
    }

    public TensorBuffer InputBuffer(int index, OnnxTensor tensor, long[] shape, TensorSignature declared, BufferDevice device)
    {
        IntPtr data;
        try
        {
            data = tensor.Pin(ref _inputPins[index]);
        }
        catch (ObjectDisposedException)
        {
            // Checked before the call; disposed by another thread since, before it was bound (once bound, the call holds it).
            throw new OnnxInputException(declared.Name, "a tensor that stays alive during the call", "a tensor disposed during the call",
                $"Input '{declared.Name}' ({tensor.Device}) was disposed during the call, before it was bound: dispose a tensor only after the calls using it return.");
        }
        _pinnedInputs[index] = tensor;
        _boundCuda |= tensor.Device.IsCuda;
        return new TensorBuffer(data, shape, tensor.ElementType, tensor.Device);
    }

    public TensorBuffer OutputBuffer(int index, OnnxTensor tensor, long[] shape, TensorSignature declared, BufferDevice device)
    {
        IntPtr data;
        try
        {
            data = tensor.Pin(ref _outputPins[index]);
        }
        catch (ObjectDisposedException)
        {
            throw new OnnxOutputException(declared.Name,
                $"Output '{declared.Name}' ({tensor.Device}) was disposed during the call, before it was bound: dispose a tensor only after the calls using it return.",
                OutputShapes.CallerOutputsParameter);
        }
        _pinnedOutputs[index] = tensor;
        _boundCuda |= tensor.Device.IsCuda;
        return new TensorBuffer(data, shape, tensor.ElementType, tensor.Device);
    }

    // In host memory from the runner's pool; on the device (OutputsOnDevice) from the session's allocator.
    public readonly OnnxTensor NewOutput(int index, long[] shape, TensorSignature declared, BufferDevice device, OutputBlockPool blocks)
    {
        long[] dims = (long[])shape.Clone();
        if (_outputsOnDevice) return Named(DotnetElementTypes.Over(declared.ElementType, _deviceMemory!.Allocate(declared.ElementType, dims), dims, device), declared);
        long bytes = ElementTypes.ByteCount(declared.ElementType, OnnxTensor.ElementCountOf(shape));
        return Named(DotnetElementTypes.Over(declared.ElementType, NativeTensorMemory.Pooled(blocks.Take(index, bytes)), dims, BufferDevice.Cpu), declared);
    }

    public readonly OnnxTensor Adopt(int index, OrtValue value, long[] shape, long bytes, TensorSignature declared, BufferDevice device)
    {
        NativeTensorMemory memory;
        try
        {
            memory = NativeTensorMemory.Of(value, OutputRoutes.AddressOf(value));
        }
        catch
        {
            NativeLedger.Release(value);
            throw;
        }
        return Named(DotnetElementTypes.Over(declared.ElementType, memory, shape, device), declared);
    }

    // Outputs are adopted where ONNX Runtime wrote them, without a copy; the run waited for its streams: nothing to wait for.
    public readonly void HandedOver(BufferDevice device)
    {
    }

    public readonly void Run(IoBindingRunner binding, BufferDevice device)
    {
        try
        {
            binding.Run(device);
        }
        catch (Exception failure)
        {
            // Before the pins end and the caller disposes, refills or passes again what the failed run may still touch.
            if (DeviceTensorOrdering.WaitsAfterFailedRun(_boundCuda || device.IsCuda)) binding.WaitAfterFailedRun(failure);
            throw;
        }
    }

    public void EndCall()
    {
        Unpin(_pinnedInputs, _inputPins);
        Unpin(_pinnedOutputs, _outputPins);
        _boundCuda = false;
    }

    // Rows are cut and joined in host memory: device memory is refused before any chunk runs.
    public readonly OnnxTensor Rows(OnnxTensor input, long[] shape, TensorSignature declared, long start, long rows, long padding)
    {
        if (input.Device.IsCuda)
            throw new OnnxInputException(declared.Name, "host memory", input.Device.ToString(),
                $"Input '{declared.Name}' is on {input.Device}: a batch is split into chunks in host memory (MaxBatchSize, MinBatchSize, SplitsFixedBatch). " +
                "Pass it in host memory, or run without batch size limits.");
        if (_outputsOnDevice && _plan.Device.IsCuda)
            throw new InvalidOperationException(
                $"The outputs are left on {_plan.Device} (OutputsOnDevice), but chunks of a split batch are joined in host memory: " +
                "turn OutputsOnDevice off, or run without batch size limits.");
        return HostRows.Cut(input, shape, declared, start, rows, padding);
    }

    public readonly OnnxTensor Concatenate(IReadOnlyList<OnnxTensor> parts, IReadOnlyList<long[]> shapes, IReadOnlyList<long> keptRows, TensorSignature declared) =>
        Named(HostRows.Join(parts, shapes, keptRows, declared), declared);

    // "float32 [1, 3] (OnnxTensor<float>)": the ONNX declaration and the .NET type that carries it.
    private static string Describe(TensorSignature declared) =>
        ElementTypes.OnnxName(declared.ElementType) + " " + declared.ShapeText +
        (DotnetElementTypes.DotnetName(declared.ElementType) is { } type ? " (OnnxTensor<" + type + ">)" : "");

    // A result names the output it holds, so messages about it (disposed, passed on as an input) can.
    private static OnnxTensor Named(OnnxTensor tensor, TensorSignature declared)
    {
        tensor.OutputName = declared.Name;
        return tensor;
    }

    // A caller's output on a CUDA device: the session must run on that device (as for inputs, CudaInputs.CheckSessionReads).
    private readonly void CheckSessionWrites(TensorSignature declared, BufferDevice device, string parameter)
    {
        if (!_plan.AcceptsCuda)
            throw new OnnxOutputException(declared.Name,
                $"Output '{declared.Name}' is on {device}, but this session has no GPU execution provider: give it in host memory, " +
                "or create the session with the CUDA or TensorRT provider.", parameter);
        if (_plan.CudaDevice is int session && session != device.Index)
            throw new OnnxOutputException(declared.Name,
                $"Output '{declared.Name}' is on {device}, but the session runs on {BufferDevice.Cuda(session)}: give it on {BufferDevice.Cuda(session)}, " +
                $"or open the model for {device}.", parameter);
    }

    private static void Unpin(OnnxTensor?[] tensors, PinnedTensor[] pins)
    {
        for (int i = 0; i < tensors.Length; i++)
        {
            tensors[i]?.Unpin(ref pins[i]);
            tensors[i] = null;
        }
    }
}
