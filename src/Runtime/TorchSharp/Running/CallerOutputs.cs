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

    /// <summary>
    /// Checks <paramref name="outputs"/> and writes each one's shape into <paramref name="shapes"/> (arrays reused when the
    /// rank is the same); <paramref name="derived"/> holds, per output, the shape this call's inputs give it, or
    /// <see langword="null"/> when only the run can tell.
    /// </summary>
    /// <exception cref="ArgumentException">The wrong number of outputs.</exception>
    /// <exception cref="OnnxOutputException">An output is null or disposed, or has the wrong dtype, device, layout or shape (named in the message).</exception>
    public static void Check(SessionPlan plan, ReadOnlySpan<torch.Tensor> outputs, CheckedInputs inputs, long[]?[] derived, long[][] shapes)
    {
        ModelSignature signature = plan.Signature;
        if (outputs.Length != signature.Outputs.Count)
            throw new ArgumentException(
                $"The model has {signature.Outputs.Count} output(s) ({string.Join(", ", signature.OutputNames)}), {outputs.Length} were given.", Parameter);
        for (int o = 0; o < outputs.Length; o++) CheckOne(plan, o, outputs[o], inputs, derived[o], shapes);
    }

    private static void CheckOne(SessionPlan plan, int index, torch.Tensor? tensor, CheckedInputs inputs, long[]? expected, long[][] shapes)
    {
        TensorSignature declared = plan.Signature.Outputs[index];
        string expectedDtype = ElementTypes.OnnxName(declared.ElementType);
        if (tensor is null)
            throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' is null; the model writes {expectedDtype} {declared.ShapeText}.", Parameter);
        if (tensor.IsInvalid)
            throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' was disposed before the call; the model writes {expectedDtype} {declared.ShapeText}.", Parameter);
        torch.ScalarType dtype = TorchElementTypes.Bindable(declared, "output");
        if (TensorFacts.Dtype(tensor) != dtype)
            throw new OnnxOutputException(declared.Name,
                $"Output '{declared.Name}' has dtype {TorchElementTypes.TorchName(tensor.dtype)}, but the model writes {expectedDtype} (outputs are not cast).", Parameter);
        if (!SameDevice(tensor, inputs.Device))
            throw new OnnxOutputException(declared.Name,
                $"Output '{declared.Name}' is on {TorchDevices.Describe(tensor.device_type, tensor.device_index)}, but the inputs are on {inputs.Device}: " +
                "outputs must be on the inputs' device.", Parameter);
        if (!TensorFacts.IsContiguous(tensor))
            throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' is not contiguous: ONNX Runtime writes it in place, element after element.", Parameter);
        int rank = TensorFacts.Rank(tensor);
        long[] shape = shapes[index].Length == rank ? shapes[index] : shapes[index] = new long[rank];
        TensorFacts.SizesInto(tensor, shape);
        if (expected is not null && !shape.AsSpan().SequenceEqual(expected))
            throw new OnnxOutputException(declared.Name,
                $"Output '{declared.Name}' has shape {ShapeText.Of(shape)}, but for these inputs the model writes {ShapeText.Of(expected)} (declared {declared.ShapeText}).", Parameter);
        OutputShapes.CheckGiven(declared, shape, Parameter);
    }

    private static bool SameDevice(torch.Tensor tensor, BufferDevice device) => TensorFacts.DeviceType(tensor) switch
    {
        DeviceType.CPU => !device.IsCuda,
        DeviceType.CUDA => device.IsCuda && Math.Max(TensorFacts.DeviceIndex(tensor), 0) == device.Index,
        _ => false,
    };
}
