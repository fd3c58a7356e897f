using System;

namespace OnnxTyped;

/// <summary>
/// A micro-batch request of the typed front-end: its input tensors pinned (host memory only) until it completes, its
/// outputs written into the caller's pinned tensors (<c>RunInto</c>) or into new tensors in host memory (<c>Run</c>).
/// </summary>
internal sealed class OnnxTensorBatchRequest : BatchRequest<OnnxTensor>
{
    private readonly OnnxTensor?[] _inputs;
    private readonly PinnedTensor[] _inputPins;
    private readonly OnnxTensor?[] _outputs;
    private readonly PinnedTensor[] _outputPins;
    private readonly IntPtr[] _outputData;

    public OnnxTensorBatchRequest(ModelSignature signature)
        : base(signature)
    {
        _inputs = new OnnxTensor?[signature.Inputs.Count];
        _inputPins = new PinnedTensor[signature.Inputs.Count];
        _outputs = new OnnxTensor?[signature.Outputs.Count];
        _outputPins = new PinnedTensor[signature.Outputs.Count];
        _outputData = new IntPtr[signature.Outputs.Count];
    }

    protected override void Hold(ReadOnlySpan<OnnxTensor> inputs, ReadOnlySpan<OnnxTensor> outputs)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            OnnxTensor input = inputs[i];
            if (input.Device.IsCuda)
            {
                string name = Signature.Inputs[i].Name;
                throw new OnnxInputException(name, "host memory", input.Device.ToString(),
                    $"Input '{name}' is on {input.Device}: micro-batching gathers requests in host memory. Pass it in host memory, or open the model without MicroBatchOptions.");
            }
            InputData[i] = input.Pin(ref _inputPins[i]);
            _inputs[i] = input;
        }
        for (int o = 0; o < outputs.Length; o++)
        {
            if (outputs[o].Device.IsCuda)
            {
                string name = Signature.Outputs[o].Name;
                throw new OnnxOutputException(name,
                    $"Output '{name}' is on {outputs[o].Device}: micro-batching scatters results in host memory. Pass it in host memory, or open the model without MicroBatchOptions.",
                    OutputShapes.CallerOutputsParameter);
            }
            _outputData[o] = outputs[o].Pin(ref _outputPins[o]);
            _outputs[o] = outputs[o];
        }
    }

    public override IntPtr OutputDestination(int output, ReadOnlySpan<long> batchShape, int axis)
    {
        if (IntoCaller)
        {
            CheckCallerOutputShape(output, batchShape, axis);
            return _outputData[output];
        }
        TensorSignature declared = Signature.Outputs[output];
        long[] shape = OwnShape(batchShape, axis);
        NativeTensorMemory memory = NativeTensorMemory.Allocate(ElementTypes.ByteCount(declared.ElementType, OnnxTensor.ElementCountOf(shape)), zeroed: false);
        OnnxTensor tensor = DotnetElementTypes.Over(declared.ElementType, memory, shape, BufferDevice.Cpu);
        tensor.OutputName = declared.Name;
        Results![output] = tensor;
        return memory.Address;
    }

    protected override void ReleaseHeld()
    {
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i]?.Unpin(ref _inputPins[i]);
            _inputs[i] = null;
            InputData[i] = IntPtr.Zero;
        }
        for (int o = 0; o < _outputs.Length; o++)
        {
            _outputs[o]?.Unpin(ref _outputPins[o]);
            _outputs[o] = null;
            _outputData[o] = IntPtr.Zero;
        }
    }
}
