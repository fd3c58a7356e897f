using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes the model's signature as constants: the static <c>Signature</c> the runtime checks a
/// session against, the name lists, and one <c>TensorSignature</c> property per input and output.
/// </summary>
internal static class SignatureEmitter
{
    public static void Write(SourceWriter w, ModelSpec spec)
    {
        w.WriteLine($$"""
            /// <summary>The inputs and outputs the model declared when this class was generated, in model order.</summary>
            public static {{KnownTypes.ModelSignature}} Signature { get; } = new {{KnownTypes.ModelSignature}}(
            """);
        w.Indent();
        WriteArray(w, spec.Inputs, ",");
        WriteArray(w, spec.Outputs, ");");
        w.Unindent();
        w.WriteLine();
        w.WriteLine($"""
            /// <summary>The ONNX names of the inputs, in model order (the order of the {FrontEnd.Typed.SeeRun(spec)} parameters).</summary>
            public static {KnownTypes.ReadOnlyStringList} InputNames => Signature.InputNames;

            /// <summary>The ONNX names of the outputs, in model order (the order of the <see cref="Outputs"/> properties).</summary>
            public static {KnownTypes.ReadOnlyStringList} OutputNames => Signature.OutputNames;
            """);
        w.WriteLine();
        WriteTensorProperties(w, "input", "Inputs", spec.Inputs);
        WriteTensorProperties(w, "output", "Outputs", spec.Outputs);
    }

    private static void WriteArray(SourceWriter w, EquatableArray<TensorSpec> tensors, string terminator)
    {
        if (tensors.Count == 0)
        {
            w.WriteLine($"global::System.Array.Empty<{KnownTypes.TensorSignature}>(){terminator}");
            return;
        }
        w.WriteLine($"new {KnownTypes.TensorSignature}[]");
        w.OpenBlock();
        foreach (TensorSpec tensor in tensors) w.WriteLine(SignatureExpression(tensor) + ",");
        w.CloseBlock(terminator);
    }

    private static string SignatureExpression(TensorSpec tensor)
    {
        string elementType = KnownTypes.TensorElementType + "." + OnnxElementTypes.OrtMemberName(tensor.ElementType);
        if (tensor.Kind != OnnxValueKind.Tensor)
        {
            string keyType = tensor.Kind is OnnxValueKind.Map or OnnxValueKind.SequenceOfMaps
                ? ", " + KnownTypes.TensorElementType + "." + OnnxElementTypes.OrtMemberName(tensor.MapKeyType)
                : "";
            return $"{KnownTypes.TensorSignature}.OfKind({Escaping.Literal(tensor.OnnxName)}, global::OnnxTyped.OnnxValueKind.{tensor.Kind}, {elementType}{keyType})";
        }
        if (!tensor.HasShape)
            return $"{KnownTypes.TensorSignature}.UnknownShape({Escaping.Literal(tensor.OnnxName)}, {elementType})";
        IEnumerable<string> dims = tensor.Dims.Select(d => d.IsFixed
            ? $"{KnownTypes.Dim}.Fixed({d.Size.ToString(CultureInfo.InvariantCulture)})"
            : $"{KnownTypes.Dim}.Symbolic({Escaping.Literal(d.Name)})");
        return $"new {KnownTypes.TensorSignature}({string.Join(", ", new[] { Escaping.Literal(tensor.OnnxName), elementType }.Concat(dims))})";
    }

    /// <summary>One static property per tensor, reading its entry of <c>Signature.Inputs</c> or <c>Signature.Outputs</c>.</summary>
    private static void WriteTensorProperties(SourceWriter w, string role, string signatureList, EquatableArray<TensorSpec> tensors)
    {
        for (int i = 0; i < tensors.Count; i++)
        {
            TensorSpec tensor = tensors[i];
            w.WriteLine($"""
                /// <summary>The declaration of {role} {DocComments.NameText(tensor)}: {DocComments.TypeText(tensor)}.</summary>
                public static {KnownTypes.TensorSignature} {tensor.SignatureProperty} => Signature.{signatureList}[{i.ToString(CultureInfo.InvariantCulture)}];
                """);
            w.WriteLine();
        }
    }
}
