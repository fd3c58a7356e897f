using System;

namespace OnnxTyped;

/// <summary>
/// Checks the <see cref="OnnxTensor"/>s a caller gives to write into (<c>RunInto</c>): one per model output, not
/// disposed, the model's element type, in host memory, and the shape the run will produce.
/// </summary>
internal static class TensorOutputs
{
    private const string Parameter = "outputs";

    /// <summary>
    /// Checks <paramref name="outputs"/>; <paramref name="derived"/> holds, per output, the shape this call's inputs give
    /// it, or <see langword="null"/> when only the run can tell (then the declared dimensions are checked).
    /// </summary>
    /// <exception cref="ArgumentException">The wrong number of outputs.</exception>
    /// <exception cref="OnnxOutputException">An output is null or disposed, or has the wrong element type, device or shape (named in the message).</exception>
    public static void Check(ModelSignature signature, ReadOnlySpan<OnnxTensor> outputs, long[]?[] derived)
    {
        if (outputs.Length != signature.Outputs.Count)
            throw new ArgumentException(
                $"The model has {signature.Outputs.Count} output(s) ({string.Join(", ", signature.OutputNames)}), {outputs.Length} were given.", Parameter);
        for (int o = 0; o < outputs.Length; o++)
        {
            TensorSignature declared = signature.Outputs[o];
            OnnxTensor tensor = outputs[o] ?? throw new OnnxOutputException(declared.Name,
                $"Output '{declared.Name}' is null; the model writes {TensorInputs.Describe(declared)}.", Parameter);
            if (tensor.IsDisposed)
                throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' was disposed before the call; the model writes {TensorInputs.Describe(declared)}.", Parameter);
            if (tensor.ElementType != declared.ElementType)
                throw new OnnxOutputException(declared.Name,
                    $"Output '{declared.Name}' holds {ElementTypes.OnnxName(tensor.ElementType)}, but the model writes {TensorInputs.Describe(declared)}.", Parameter);
            if (tensor.Device.IsCuda)
                throw new OnnxOutputException(declared.Name, $"Output '{declared.Name}' is on {tensor.Device}: outputs are written to host memory.", Parameter);
            long[] shape = tensor.ShapeArray;
            if (derived[o] is long[] expected && !shape.AsSpan().SequenceEqual(expected))
                throw new OnnxOutputException(declared.Name,
                    $"Output '{declared.Name}' has shape {ShapeText.Of(shape)}, but for these inputs the model writes {ShapeText.Of(expected)} (declared {declared.ShapeText}).", Parameter);
            OutputShapes.CheckGiven(declared, shape, Parameter);
        }
    }
}
