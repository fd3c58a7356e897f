using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// The typed front-end's side of a call (<see cref="OnnxTensor"/>s, <see cref="ModelSession"/>): what only these tensors
/// tell (null, disposed, element type, device), pinning them for the call, outputs in host memory (pre-allocated from the
/// runner's blocks, or ONNX Runtime's handed over without a copy), and batch rows cut and joined by copying host memory.
/// </summary>
/// <remarks>
/// Pins: input and destination memory is pinned (managed) or referenced (native) from bind to the end of the call, so a
/// concurrent Dispose frees nothing a run reads.
/// </remarks>
internal struct OnnxTensorFrontEnd : IFrontEnd<OnnxTensor>
{
    /// <summary>A runner of this front-end for <paramref name="plan"/>'s session.</summary>
    public static ModelRunner<OnnxTensor, OnnxTensorFrontEnd> NewRunner(SessionPlan plan) => new(plan, new OnnxTensorFrontEnd(plan.Signature));

    private readonly PinnedTensor[] _inputPins;
    private readonly PinnedTensor[] _outputPins;
    private readonly OnnxTensor?[] _pinnedInputs;
    private readonly OnnxTensor?[] _pinnedOutputs;

    public OnnxTensorFrontEnd(ModelSignature signature)
    {
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

    // Each input is read where it is (host memory, or a CUDA device the session reads); outputs always come back to the host.
    public readonly BufferDevice CheckDevices(SessionPlan plan, ReadOnlySpan<OnnxTensor> inputs)
    {
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i].Device.IsCuda) CudaInputs.CheckSessionReads(plan.Signature.Inputs[i].Name, inputs[i].Device, plan.AcceptsCuda, plan.CudaDevice);
        return BufferDevice.Cpu;
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
        if (tensor.Device.IsCuda)
            throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' is on {tensor.Device}: outputs are written to host memory.", parameter);
        shape = tensor.ShapeArray;
    }

    public readonly void Prepare(ReadOnlySpan<OnnxTensor> inputs)
    {
    }

    public readonly void BeforeBinding(BufferDevice device)
    {
    }

    public readonly TensorBuffer InputBuffer(int index, OnnxTensor tensor, long[] shape, TensorSignature declared, BufferDevice device)
    {
        IntPtr data = tensor.Pin(ref _inputPins[index]);
        _pinnedInputs[index] = tensor;
        return new TensorBuffer(data, shape, tensor.ElementType, tensor.Device);
    }

    public readonly TensorBuffer OutputBuffer(int index, OnnxTensor tensor, long[] shape, TensorSignature declared, BufferDevice device)
    {
        IntPtr data = tensor.Pin(ref _outputPins[index]);
        _pinnedOutputs[index] = tensor;
        return new TensorBuffer(data, shape, tensor.ElementType, tensor.Device);
    }

    public readonly OnnxTensor NewOutput(int index, long[] shape, TensorSignature declared, BufferDevice device, OutputBlockPool blocks)
    {
        long bytes = ElementTypes.ByteCount(declared.ElementType, OnnxTensor.ElementCountOf(shape));
        return Named(DotnetElementTypes.Over(declared.ElementType, NativeTensorMemory.Pooled(blocks.Take(index, bytes)), (long[])shape.Clone(), BufferDevice.Cpu), declared);
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
        return Named(DotnetElementTypes.Over(declared.ElementType, memory, shape, BufferDevice.Cpu), declared);
    }

    // Host outputs are adopted without a copy: nothing to wait for.
    public readonly void HandedOver(BufferDevice device)
    {
    }

    public readonly void Run(IoBindingRunner binding, BufferDevice device) => binding.Run(device);

    public readonly void EndCall()
    {
        Unpin(_pinnedInputs, _inputPins);
        Unpin(_pinnedOutputs, _outputPins);
    }

    public readonly OnnxTensor Rows(OnnxTensor input, long[] shape, TensorSignature declared, long start, long rows, long padding) =>
        HostRows.Cut(input, shape, declared, start, rows, padding);

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

    private static void Unpin(OnnxTensor?[] tensors, PinnedTensor[] pins)
    {
        for (int i = 0; i < tensors.Length; i++)
        {
            tensors[i]?.Unpin(ref pins[i]);
            tensors[i] = null;
        }
    }
}
