using System;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Checks the output tensors a caller gives to write into (<c>RunInto</c>): one per model output, the model's dtype
/// (outputs are not cast), on the inputs' device, contiguous, and the shape the run will produce.
/// </summary>
internal static class CallerOutputs
{
    private const string Parameter = "outputs";

    /// <summary>Each output's shape, in model order, after the checks.</summary>
    /// <exception cref="ArgumentException">An output has the wrong count, dtype, device, layout or shape (named in the message).</exception>
    public static long[][] Check(SessionPlan plan, ReadOnlySpan<torch.Tensor> outputs, CheckedInputs inputs)
    {
        ModelSignature signature = plan.Signature;
        if (outputs.Length != signature.Outputs.Count)
            throw new ArgumentException(
                $"The model has {signature.Outputs.Count} output(s) ({string.Join(", ", signature.OutputNames)}), {outputs.Length} were given.", Parameter);
        var shapes = new long[outputs.Length][];
        for (int o = 0; o < outputs.Length; o++) shapes[o] = CheckOne(plan, o, outputs[o], inputs);
        return shapes;
    }

    private static long[] CheckOne(SessionPlan plan, int index, torch.Tensor? tensor, CheckedInputs inputs)
    {
        TensorSignature declared = plan.Signature.Outputs[index];
        string expectedDtype = ElementTypes.OnnxName(declared.ElementType);
        if (tensor is null)
            throw new ArgumentException($"Output '{declared.Name}' is null; the model writes {expectedDtype} {declared.ShapeText}.", Parameter);
        torch.ScalarType dtype = TorchElementTypes.Bindable(declared, "output");
        if (tensor.dtype != dtype)
            throw new ArgumentException(
                $"Output '{declared.Name}' has dtype {TorchElementTypes.TorchName(tensor.dtype)}, but the model writes {expectedDtype} (outputs are not cast).", Parameter);
        string outputDevice = TorchDevices.Describe(tensor.device_type, tensor.device_index);
        if (outputDevice != inputs.Device.ToString())
            throw new ArgumentException(
                $"Output '{declared.Name}' is on {outputDevice}, but the inputs are on {inputs.Device}: outputs must be on the inputs' device.", Parameter);
        if (!tensor.is_contiguous())
            throw new ArgumentException($"Output '{declared.Name}' is not contiguous: ONNX Runtime writes it in place, element after element.", Parameter);
        long[] shape = tensor.shape;
        long[]? expected = plan.DerivedOutputShape(index, inputs.Shapes);
        if (expected is not null && !shape.AsSpan().SequenceEqual(expected))
            throw new ArgumentException(
                $"Output '{declared.Name}' has shape {ShapeText.Of(shape)}, but for these inputs the model writes {ShapeText.Of(expected)} (declared {declared.ShapeText}).", Parameter);
        OutputShapes.CheckGiven(declared, shape, Parameter);
        return shape;
    }
}
