using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// Why ONNX Runtime could not open a model whose declared inputs or outputs include float8 or int4/uint4: its C# API
/// (1.31 and 1.32 at least) reads every input's and output's element type when a session opens and knows none past
/// bfloat16, so the session fails before any OnnxTyped code sees it. The generated signature tells which tensor it was.
/// </summary>
internal static class UnopenableModels
{
    /// <summary>
    /// A <see cref="NotSupportedException"/> explaining <paramref name="error"/> (kept as its inner exception) when
    /// <paramref name="signature"/> declares such a tensor; otherwise <see langword="null"/>: the error is the model's own.
    /// </summary>
    public static NotSupportedException? Explain(ModelSignature signature, string modelPath, OnnxRuntimeException error)
    {
        TensorSignature? tensor = signature.Inputs.Concat(signature.Outputs).FirstOrDefault(t => t.IsTensor && IsPastBFloat16(t));
        if (tensor is null) return null;
        string role = signature.Inputs.Contains(tensor) ? "input" : "output";
        return new NotSupportedException(
            $"ONNX Runtime could not open the model '{modelPath}', whose {role} '{tensor.Name}' is {ElementTypes.OnnxName(tensor.ElementType)}: ONNX Runtime's " +
            "C# API reads the element type of every input and output when it opens a session, and knows none past bfloat16 (no float8, " +
            $"int4 or uint4), though its native library runs them. Use a model whose inputs and outputs are of other types (cast inside the model). ONNX Runtime said: {error.Message}",
            error);
    }

    private static bool IsPastBFloat16(TensorSignature tensor) =>
        (int)tensor.ElementType is >= (int)ElementTypes.Float8E4M3FN and <= (int)ElementTypes.Int4;
}
