using System;
using System.Linq;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// The pieces of XML doc comments that show model data: tensor names and types, and the model's
/// own doc strings, always through <see cref="Escaping"/> so no model text can end a comment or an element.
/// </summary>
internal static class DocComments
{
    /// <summary>The ONNX name as docs show it: in code font, or <c>(empty name)</c>.</summary>
    public static string NameText(TensorSpec tensor) =>
        tensor.OnnxName.Length == 0 ? "(empty name)" : $"<c>{Escaping.Xml(tensor.OnnxName)}</c>";

    /// <summary>
    /// The dtype and shape as docs show them: <c>float32 [batch, 3, ?, 640]</c>; for a value that is not a tensor, what it
    /// holds: <c>sequence of float32 tensors</c>, <c>map from int64 to float32</c>.
    /// </summary>
    public static string TypeText(TensorSpec tensor)
    {
        string element = OnnxElementTypes.DisplayName((int)tensor.ElementType);
        string key = OnnxElementTypes.DisplayName((int)tensor.MapKeyType);
        return tensor.Kind switch
        {
            OnnxValueKind.Sequence => $"sequence of {element} tensors",
            OnnxValueKind.Optional => $"optional {element} tensor (null for none)",
            OnnxValueKind.OptionalSequence => $"optional sequence of {element} tensors (null for none)",
            OnnxValueKind.Map => $"map from {key} to {element}",
            OnnxValueKind.SequenceOfMaps => $"sequence of maps from {key} to {element}",
            _ => WithShape(element, tensor),
        };
    }

    /// <summary>
    /// The dtype and shape as the torch front-end's docs show them: an unsigned type TorchSharp lacks names the signed
    /// dtype that carries it (<c>uint16 (as a torch int16 tensor with the same bits) [4]</c>).
    /// </summary>
    public static string TorchTypeText(TensorSpec tensor)
    {
        string dtype = OnnxElementTypes.DisplayName((int)tensor.ElementType);
        if (OnnxElementTypes.CarrierName((int)tensor.ElementType) is string carrier)
            dtype += " (as a torch " + carrier + " tensor with the same bits)";
        return WithShape(dtype, tensor);
    }

    private static string WithShape(string dtype, TensorSpec tensor)
    {
        if (!tensor.HasShape) return dtype + " (any shape)";
        if (tensor.Dims.Count == 0) return dtype + " [] (scalar)";
        return dtype + " [" + string.Join(", ", tensor.Dims.Select(d => Escaping.Xml(d.DisplayText))) + "]";
    }

    /// <summary>The name a <c>&lt;param&gt;</c> element uses: the parameter without its keyword-escaping <c>@</c>.</summary>
    public static string ParameterName(string memberName) =>
        memberName.StartsWith("@", StringComparison.Ordinal) ? memberName.Substring(1) : memberName;

    /// <summary>Writes a model doc string as a <c>&lt;para&gt;</c>, or nothing when it is blank.</summary>
    public static void WriteParagraph(SourceWriter w, string text)
    {
        if (text.Trim().Length == 0) return;
        w.WriteLine("/// <para>");
        WriteText(w, text);
        w.WriteLine("/// </para>");
    }

    /// <summary>Writes a model doc string as <c>///</c> lines, keeping its line breaks, or nothing when it is blank.</summary>
    public static void WriteText(SourceWriter w, string text)
    {
        if (text.Trim().Length == 0) return;
        foreach (string line in Escaping.XmlLines(text.Trim())) w.WriteLine(line.Length == 0 ? "///" : "/// " + line);
    }
}
