using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.Interop;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// The TorchSharp front-end's side of a call (<see cref="BoundSession"/>, <see cref="InferenceSessionExtensions"/>): what
/// only torch tensors tell (null, disposed, dtype against the <see cref="CastTable"/>, one device for every input,
/// layout), inputs cast and made contiguous, the wait for torch's CUDA work before ONNX Runtime binds it, outputs on the
/// inputs' device (pre-allocated host memory from the runner's blocks, freed back through libtorch's deleter; handed
/// over from ONNX Runtime otherwise), the caller's current CUDA device kept, and batch rows cut and joined with torch.
/// </summary>
/// <remarks>
/// Ownership per call: cast or made-contiguous copies of inputs live until the run returns and are disposed here.
/// </remarks>
internal struct TorchFrontEnd : IFrontEnd<torch.Tensor>
{
    private readonly ModelSignature _signature;
    private readonly ICudaRuntimeApi _cuda;
    private readonly torch.ScalarType[] _dtypes;            // per input: its dtype this call
    private readonly (DeviceType, int)[] _devices;         // per input: its device this call
    private readonly torch.Tensor?[] _inputCopies;
    private readonly torch.Tensor?[] _prepared;
    private readonly DeviceCopy[] _copies;                  // this run's queued copies of CUDA outputs ONNX Runtime allocated
    private readonly OrtValue?[] _copySources;              // their sources, owned here until the copies are done
    private int _copyCount;
    private torch.ScalarType[]? _inputTargets;              // per input: the dtype it is bound as, asked once
    private torch.ScalarType[]? _outputDtypes;              // per output: its dtype, asked once

    public TorchFrontEnd(ModelSignature signature, ICudaRuntimeApi? cuda = null)
    {
        _signature = signature;
        _cuda = cuda ?? CudaRuntime.Native;
        int inputs = signature.Inputs.Count;
        _dtypes = new torch.ScalarType[inputs];
        _devices = new (DeviceType, int)[inputs];
        _inputCopies = new torch.Tensor?[inputs];
        _prepared = new torch.Tensor?[inputs];
        _copies = new DeviceCopy[signature.Outputs.Count];
        _copySources = new OrtValue?[signature.Outputs.Count];
        _copyCount = 0;
        _inputTargets = null;
        _outputDtypes = null;
    }

    /// <summary>A runner of this front-end for <paramref name="plan"/>'s session.</summary>
    public static ModelRunner<torch.Tensor, TorchFrontEnd> NewRunner(SessionPlan plan, ICudaRuntimeApi? cuda = null) =>
        new(plan, new TorchFrontEnd(plan.Signature, cuda));

    /// <summary>
    /// Whether to synchronize torch's device after preparing the buffers and before binding them: for CUDA buffers.
    /// TorchSharp launches its kernels on CUDA's legacy default stream and has no stream API; ONNX Runtime's CUDA provider
    /// runs on streams of its own created non-blocking, which do not wait for the legacy stream, and copies some inputs at
    /// bind time. Device-wide (<c>torch.cuda.synchronize</c>): TorchSharp offers nothing narrower (docs/cuda.md).
    /// </summary>
    public static bool WaitsForTorchBeforeBinding(BufferDevice device) => device.IsCuda;

    public readonly string LargeOutputRemedy => "Give its shape (outputShapes) so it is pre-allocated, or use RunInto with a tensor of your own.";

    public void CheckInput(int index, torch.Tensor? tensor, TensorSignature declared, ref long[] shape)
    {
        if (tensor is null)
            throw new OnnxInputException(declared.Name, declared.ToString(), "null",
                $"Input '{declared.Name}' is null; the model expects {ElementTypes.OnnxName(declared.ElementType)} {declared.ShapeText}.");
        if (tensor.IsInvalid)
            throw new OnnxInputException(declared.Name, declared.ToString(), "a disposed tensor",
                $"Input '{declared.Name}' was disposed before the call (the model expects {ElementTypes.OnnxName(declared.ElementType)} {declared.ShapeText}). " +
                "An output kept past its Outputs object must be taken with Outputs.Take, or disposing the Outputs disposes it.");
        InputTargets();
        torch.ScalarType actual = _dtypes[index] = TensorFacts.Dtype(tensor);
        if (!CastTable.CanCast(actual, declared.ElementType))
        {
            string expected = ElementTypes.OnnxName(declared.ElementType);
            throw new OnnxInputException(declared.Name, expected, TorchElementTypes.TorchName(actual),
                $"Input '{declared.Name}' has dtype {TorchElementTypes.TorchName(actual)}, but the model expects {expected} " +
                $"(accepted, cast if needed: {string.Join(", ", CastTable.SourcesFor(declared.ElementType))}).");
        }
        // One native read per size; Tensor.shape builds a new array through a callback (~2 µs).
        int rank = TensorFacts.Rank(tensor);
        if (shape.Length != rank) shape = new long[rank];
        TensorFacts.SizesInto(tensor, shape);
        DeviceType type = TensorFacts.DeviceType(tensor);
        _devices[index] = (type, type == DeviceType.CPU ? 0 : TensorFacts.DeviceIndex(tensor)); // one CPU: its index is not read
    }

    // Every input on one device, which the session reads; the outputs come back there.
    public readonly BufferDevice CheckDevices(SessionPlan plan, ReadOnlySpan<torch.Tensor> inputs)
    {
        BufferDevice device = TorchDevices.Common(_signature.InputNames, _devices);
        if (device.IsCuda) CudaInputs.CheckSessionReads(_signature.Inputs[0].Name, device, plan.AcceptsCuda, plan.CudaDevice);
        return device;
    }

    public void CheckOutput(int index, torch.Tensor? tensor, TensorSignature declared, BufferDevice device, ref long[] shape)
    {
        const string parameter = OutputShapes.CallerOutputsParameter;
        string expectedDtype = ElementTypes.OnnxName(declared.ElementType);
        if (tensor is null)
            throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' is null; the model writes {expectedDtype} {declared.ShapeText}.", parameter);
        if (tensor.IsInvalid)
            throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' was disposed before the call; the model writes {expectedDtype} {declared.ShapeText}.", parameter);
        if (TensorFacts.Dtype(tensor) != OutputDtypes()[index])
            throw new OnnxOutputException(declared.Name,
                $"Output '{declared.Name}' has dtype {TorchElementTypes.TorchName(tensor.dtype)}, but the model writes {expectedDtype} (outputs are not cast).", parameter);
        if (!SameDevice(tensor, device))
            throw new OnnxOutputException(declared.Name,
                $"Output '{declared.Name}' is on {TorchDevices.Describe(tensor.device_type, tensor.device_index)}, but the inputs are on {device}: " +
                "outputs must be on the inputs' device.", parameter);
        if (!TensorFacts.IsContiguous(tensor))
            throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' is not contiguous: ONNX Runtime writes it in place, element after element.", parameter);
        int rank = TensorFacts.Rank(tensor);
        if (shape.Length != rank) shape = new long[rank];
        TensorFacts.SizesInto(tensor, shape);
    }

    // The tensors to bind: each input cast to the model's dtype and made contiguous where needed (the copies are owned here until EndCall).
    public void Prepare(ReadOnlySpan<torch.Tensor> inputs)
    {
        OutputDtypes();
        torch.ScalarType[] targets = InputTargets();
        for (int i = 0; i < inputs.Length; i++)
        {
            torch.Tensor tensor = inputs[i];
            if (_dtypes[i] != targets[i]) tensor = _inputCopies[i] = tensor.to_type(targets[i]);
            if (!TensorFacts.IsContiguous(tensor))
            {
                torch.Tensor contiguous = tensor.contiguous();
                _inputCopies[i]?.Dispose();
                tensor = _inputCopies[i] = contiguous;
            }
            _prepared[i] = tensor;
        }
    }

    public readonly void BeforeBinding(BufferDevice device)
    {
        if (WaitsForTorchBeforeBinding(device)) torch.cuda.synchronize(device.ToTorch());
    }

    // A contiguous tensor's memory, as the element type the model declares (uint16/32/64 ride in signed carriers).
    public readonly TensorBuffer InputBuffer(int index, torch.Tensor tensor, long[] shape, TensorSignature declared, BufferDevice device) =>
        new(TensorMemory.DataPointer(_prepared[index]!), shape, declared.ElementType, device);

    public readonly TensorBuffer OutputBuffer(int index, torch.Tensor tensor, long[] shape, TensorSignature declared, BufferDevice device) =>
        new(TensorMemory.DataPointer(tensor), shape, declared.ElementType, device);

    // On the CPU over a block of the runner's pool, given back when torch frees the storage; on a GPU from torch's allocator.
    public unsafe torch.Tensor NewOutput(int index, long[] shape, TensorSignature declared, BufferDevice device, OutputBlockPool blocks)
    {
        torch.ScalarType dtype = OutputDtypes()[index];
        if (device.IsCuda) return torch.empty(shape, dtype, device.ToTorch());
        long bytes = ElementTypes.ByteCount(declared.ElementType, OnnxTensor.ElementCountOf(shape));
        // On failure the block is not given back here: libtorch may have made a storage over it, and freed it through the
        // deleter, before failing (out of memory); a block lost on that path is safer than one given back twice.
        return TensorMemory.WrapHost(blocks.Take(index, bytes), OutputBlockPool.NativeReturn, shape, dtype);
    }

    // Host memory without a copy (TensorMemory.Adopt). CUDA memory cannot be wrapped (TorchOutputRoutes): a new torch
    // tensor gets a copy, queued here and waited for once for every output of the run (HandedOver).
    public torch.Tensor Adopt(int index, OrtValue value, long[] shape, long bytes, TensorSignature declared, BufferDevice device)
    {
        torch.ScalarType dtype;
        try
        {
            dtype = OutputDtypes()[index];
        }
        catch
        {
            NativeLedger.Release(value);
            throw;
        }
        if (TorchOutputRoutes.Choose(device, shapeKnownBeforeRun: false) != OutputRoute.CopiedOnDevice) return TensorMemory.Adopt(value, shape, dtype);
        torch.Tensor? copy = null;
        try
        {
            copy = torch.empty(shape, dtype, device.ToTorch());
            _copies[_copyCount] = new DeviceCopy(TensorMemory.DataPointer(copy), OutputRoutes.AddressOf(value), bytes);
        }
        catch
        {
            copy?.Dispose();
            NativeLedger.Release(value);
            throw;
        }
        _copySources[_copyCount++] = value;
        return copy;
    }

    // The queued copies, waited for once; then ONNX Runtime's memory goes back to its arena.
    public void HandedOver(BufferDevice device)
    {
        if (_copyCount == 0) return;
        try
        {
            CudaDeviceCalls.CopyDeviceToDevice(_cuda, _copies.AsSpan(0, _copyCount), device.Index);
        }
        finally
        {
            ReleaseCopySources();
        }
    }

    // ONNX Runtime's CUDA provider makes the session's device current on the calling thread and leaves it so; the caller's
    // current device is restored, so torch work on plain "cuda" stays where it was. A failed run on CUDA is waited for
    // before the runner frees or reuses the call's tensors (CudaDeviceCalls).
    public readonly void Run(IoBindingRunner binding, BufferDevice device) =>
        CudaDeviceCalls.RunKeepingCurrentDevice(_cuda, device, binding, static (core, on) => core.Run(on));

    public void EndCall()
    {
        for (int i = 0; i < _inputCopies.Length; i++)
        {
            _inputCopies[i]?.Dispose();
            _inputCopies[i] = null;
            _prepared[i] = null;
        }
        ReleaseCopySources();   // a run that failed before HandedOver queued no copy of them
    }

    private void ReleaseCopySources()
    {
        for (int c = 0; c < _copyCount; c++)
        {
            NativeLedger.Release(_copySources[c]!);
            _copySources[c] = null;
        }
        _copyCount = 0;
    }

    public readonly torch.Tensor Rows(torch.Tensor input, long[] shape, TensorSignature declared, long start, long rows, long padding)
    {
        torch.Tensor slice = input.narrow(0, start, rows);
        if (padding == 0) return slice;
        try
        {
            long[] padShape = (long[])shape.Clone();
            padShape[0] = padding;
            using torch.Tensor zeros = torch.zeros(padShape, input.dtype, input.device);
            return torch.cat(new[] { slice, zeros }, 0);
        }
        finally
        {
            slice.Dispose();
        }
    }

    // torch.cat copies, also for one part: the result owns exactly its rows, never a padded buffer.
    public readonly torch.Tensor Concatenate(IReadOnlyList<torch.Tensor> parts, IReadOnlyList<long[]> shapes, IReadOnlyList<long> keptRows, TensorSignature declared)
    {
        var kept = new torch.Tensor[parts.Count];
        var views = new List<torch.Tensor>();
        try
        {
            for (int c = 0; c < kept.Length; c++)
            {
                if (keptRows[c] == shapes[c][0]) kept[c] = parts[c];
                else views.Add(kept[c] = parts[c].narrow(0, 0, keptRows[c]));
            }
            return torch.cat(kept, 0);
        }
        finally
        {
            foreach (torch.Tensor view in views) view.Dispose();
        }
    }

    // The dtype each input is bound as (the model's, reached by the cast table), asked once; an input no torch dtype can
    // hold fails every call, naming it.
    private torch.ScalarType[] InputTargets()
    {
        if (_inputTargets is { } known) return known;
        var targets = new torch.ScalarType[_signature.Inputs.Count];
        for (int i = 0; i < targets.Length; i++) targets[i] = TorchElementTypes.Bindable(_signature.Inputs[i], "input");
        return _inputTargets = targets;
    }

    // Each output's dtype, asked once; an output no torch dtype can hold fails every call, naming it.
    private torch.ScalarType[] OutputDtypes()
    {
        if (_outputDtypes is { } known) return known;
        var dtypes = new torch.ScalarType[_signature.Outputs.Count];
        for (int o = 0; o < dtypes.Length; o++) dtypes[o] = TorchElementTypes.Bindable(_signature.Outputs[o], "output");
        return _outputDtypes = dtypes;
    }

    private static bool SameDevice(torch.Tensor tensor, BufferDevice device) => TensorFacts.DeviceType(tensor) switch
    {
        DeviceType.CPU => !device.IsCuda,
        DeviceType.CUDA => device.IsCuda && Math.Max(TensorFacts.DeviceIndex(tensor), 0) == device.Index,
        _ => false,
    };
}
