using System;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// A micro-batch request of the torch front-end: each input held as a CPU tensor of the model's dtype, contiguous (an
/// alias of the caller's, or its cast or contiguous copy, so disposing the caller's tensor while queued frees nothing),
/// its outputs written into aliases of the caller's tensors (<c>RunInto</c>) or into new CPU tensors (<c>Run</c>).
/// </summary>
internal sealed class TorchBatchRequest : BatchRequest<torch.Tensor>
{
    private readonly torch.Tensor?[] _inputs;
    private readonly torch.Tensor?[] _outputs;
    private readonly IntPtr[] _outputData;

    public TorchBatchRequest(ModelSignature signature)
        : base(signature)
    {
        _inputs = new torch.Tensor?[signature.Inputs.Count];
        _outputs = new torch.Tensor?[signature.Outputs.Count];
        _outputData = new IntPtr[signature.Outputs.Count];
    }

    protected override void Hold(ReadOnlySpan<torch.Tensor> inputs, ReadOnlySpan<torch.Tensor> outputs)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            torch.Tensor input = inputs[i];
            TensorSignature declared = Signature.Inputs[i];
            if (TensorFacts.DeviceType(input) != DeviceType.CPU)
                throw new OnnxInputException(declared.Name, "cpu", input.device.ToString(),
                    $"Input '{declared.Name}' is on {input.device}: micro-batching gathers requests in host memory. Pass CPU tensors, or open the model without MicroBatchOptions.");
            torch.ScalarType dtype = TorchElementTypes.Bindable(declared, "input");
            torch.Tensor held = TensorFacts.Dtype(input) == dtype ? input.alias() : input.to_type(dtype);
            _inputs[i] = held;
            if (!TensorFacts.IsContiguous(held))
            {
                _inputs[i] = held.contiguous();
                held.Dispose();
            }
            InputData[i] = TensorMemory.DataPointer(_inputs[i]!);
        }
        for (int o = 0; o < outputs.Length; o++)
        {
            _outputs[o] = outputs[o].alias();
            _outputData[o] = TensorMemory.DataPointer(_outputs[o]!);
        }
    }

    public override IntPtr OutputDestination(int output, ReadOnlySpan<long> batchShape, int axis)
    {
        if (IntoCaller)
        {
            CheckCallerOutputShape(output, batchShape, axis);
            return _outputData[output];
        }
        torch.Tensor tensor = torch.empty(OwnShape(batchShape, axis), TorchElementTypes.Bindable(Signature.Outputs[output], "output"));
        Results![output] = tensor;
        return TensorMemory.DataPointer(tensor);
    }

    protected override void ReleaseHeld()
    {
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i]?.Dispose();
            _inputs[i] = null;
            InputData[i] = IntPtr.Zero;
        }
        for (int o = 0; o < _outputs.Length; o++)
        {
            _outputs[o]?.Dispose();
            _outputs[o] = null;
            _outputData[o] = IntPtr.Zero;
        }
    }
}
