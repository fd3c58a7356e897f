using System;

namespace OnnxTyped;

/// <summary>
/// Checks a call's <see cref="OnnxTensor"/>s against the model once, before anything is bound: the count, shapes and
/// shared dimensions through <see cref="InputChecks"/>, and what only these tensors tell: null, disposed, element type
/// (fixed at compile time in generated code, checked here for direct callers) and device.
/// </summary>
internal static class TensorInputs
{
    /// <summary>Checks <paramref name="inputs"/> and puts each one's shape into <paramref name="shapes"/> (the tensors' own arrays).</summary>
    /// <exception cref="ArgumentException">Not one tensor per model input.</exception>
    /// <exception cref="OnnxInputException">An input is null, disposed, of another element type, on a device the session cannot read, or of a wrong shape.</exception>
    public static void Check(SessionPlan plan, ReadOnlySpan<OnnxTensor> inputs, bool allowEmpty, long[][] shapes)
    {
        ModelSignature signature = plan.Signature;
        InputChecks.CheckCount(signature, inputs.Length);
        for (int i = 0; i < inputs.Length; i++)
        {
            TensorSignature declared = signature.Inputs[i];
            OnnxTensor tensor = inputs[i] ?? throw new OnnxInputException(declared.Name, declared.ToString(), "null",
                $"Input '{declared.Name}' is null; the model expects {Describe(declared)}.");
            if (tensor.IsDisposed)
                throw new OnnxInputException(declared.Name, declared.ToString(), "a disposed tensor",
                    $"Input '{declared.Name}' was disposed before the call (the model expects {Describe(declared)}). " +
                    (tensor.OutputName is { } output
                        ? $"It is output '{output}' of an earlier call: to keep an output past its Outputs object, take it with Outputs.Take before disposing the Outputs."
                        : "Pass a tensor that is not disposed."));
            if (tensor.ElementType != declared.ElementType)
                throw new OnnxInputException(declared.Name, ElementTypes.OnnxName(declared.ElementType), ElementTypes.OnnxName(tensor.ElementType),
                    $"Input '{declared.Name}' holds {ElementTypes.OnnxName(tensor.ElementType)}, but the model expects {Describe(declared)}.");
            if (tensor.Device.IsCuda) CheckCudaInput(plan, declared.Name, tensor.Device);
            shapes[i] = tensor.ShapeArray;
        }
        InputChecks.CheckShapes(signature, shapes, batchSplits: false, allowEmpty);
    }

    // "float32 [1, 3] (OnnxTensor<float>)": the ONNX declaration and the .NET type that carries it.
    internal static string Describe(TensorSignature declared) =>
        ElementTypes.OnnxName(declared.ElementType) + " " + declared.ShapeText +
        (DotnetElementTypes.DotnetName(declared.ElementType) is { } type ? " (OnnxTensor<" + type + ">)" : "");

    private static void CheckCudaInput(SessionPlan plan, string name, BufferDevice device)
    {
        if (!plan.AcceptsCuda)
            throw new OnnxInputException(name, "cpu (the session has no GPU execution provider)", device.ToString(),
                $"Input '{name}' is on {device}, but this session has no GPU execution provider: " +
                "give host memory, or create the session with the CUDA or TensorRT provider.");
        CudaInputs.CheckDevice(name, device, plan.CudaDevice);
    }
}
