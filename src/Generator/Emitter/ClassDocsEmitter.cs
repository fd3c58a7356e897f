using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes the doc comment of the generated class: what it runs, the model's own doc strings, where
/// the model comes from (graph, producer, IR version, opsets), its inputs, outputs and metadata.
/// </summary>
internal static class ClassDocsEmitter
{
    // The most metadata entries and opsets the docs list: a file may declare thousands.
    private const int MaxListed = 100;

    public static void Write(SourceWriter w, ModelSpec spec, bool withTorch)
    {
        string takes = spec.Inputs.Count == 0
            ? "runs it (the model takes no inputs)"
            : spec.BindsByAddress
                ? "takes one <c>OnnxTensor&lt;T&gt;</c> per input\n/// in model order, <c>T</c> the input's element type,"
                : "takes one value per input in model order\n/// (tensors, strings, sequences, optionals or maps, as the model declares them; see docs/values.md)";
        w.WriteLine($"""
            /// <summary>
            /// Runs the ONNX model <c>{Escaping.Xml(spec.ModelFileName)}</c>: {FrontEnd.Typed.SeeRun(spec)} {takes} and returns the outputs as <see cref="Outputs"/>.
            """);
        if (withTorch)
            w.WriteLine($"""
                /// On TorchSharp tensors, {FrontEnd.Torch.SeeRun(spec)} does the same and returns <see cref="TorchOutputs"/>.
                """);
        w.WriteLine(spec.BindsByAddress
            ? """
              /// Runs have awaitable forms (<c>RunAsync</c>, <c>RunIntoAsync</c>): pass <see cref="global::OnnxTyped.MicroBatchOptions"/> to a
              /// constructor or <c>Load</c> to join concurrent calls into batches.
              /// </summary>
              /// <remarks>
              """
            : """
              /// ONNX Runtime allocates every output of such a model, so the class has no <c>RunInto</c>, awaitable forms or micro-batching.
              /// </summary>
              /// <remarks>
              """);
        DocComments.WriteParagraph(w, spec.DocString);
        if (spec.GraphDocString.Length > 0 && spec.GraphDocString != spec.DocString) DocComments.WriteParagraph(w, spec.GraphDocString);
        w.WriteLine($"""
            /// <para>
            /// {Provenance(spec)}.
            /// </para>
            """);
        if (spec.Inputs.Count == 0)
        {
            w.WriteLine("/// <para>Inputs: none.</para>");
        }
        else
        {
            w.WriteLine("/// <para>Inputs:</para>");
            WriteTensorList(w, spec.Inputs);
        }
        w.WriteLine("/// <para>Outputs:</para>");
        WriteTensorList(w, spec.Outputs);
        if (spec.Metadata.Count > 0)
        {
            w.WriteLine("""
                /// <para>Metadata:</para>
                /// <list type="bullet">
                """);
            foreach (MetadataEntrySpec entry in spec.Metadata.Take(MaxListed))
                w.WriteLine($"/// <item><description><c>{Escaping.Xml(entry.Key)}</c>: {Escaping.Xml(entry.Value)}</description></item>");
            if (spec.Metadata.Count > MaxListed) w.WriteLine($"/// <item><description>… and {More(spec.Metadata.Count)} more</description></item>");
            w.WriteLine("/// </list>");
        }
        w.WriteLine("/// </remarks>");
    }

    /// <summary>One sentence on where the model comes from: graph name, producer, IR version, model version, opsets.</summary>
    private static string Provenance(ModelSpec spec)
    {
        var parts = new List<string>();
        if (spec.GraphName.Length > 0) parts.Add($"Graph <c>{Escaping.Xml(spec.GraphName)}</c>");
        if (spec.ProducerName.Length > 0)
            parts.Add("produced by " + Escaping.Xml((spec.ProducerName + " " + spec.ProducerVersion).Trim()));
        parts.Add("IR version " + spec.IrVersion.ToString(CultureInfo.InvariantCulture));
        if (spec.ModelVersion != 0) parts.Add("model version " + spec.ModelVersion.ToString(CultureInfo.InvariantCulture));
        if (spec.Opsets.Count > 0)
            parts.Add((spec.Opsets.Count == 1 ? "opset " : "opsets ") + string.Join(", ", spec.Opsets.Take(MaxListed).Select(o =>
                Escaping.Xml(o.Domain.Length == 0 ? "ai.onnx" : o.Domain) + " " + o.Version.ToString(CultureInfo.InvariantCulture)))
                + (spec.Opsets.Count > MaxListed ? " and " + More(spec.Opsets.Count) + " more" : ""));
        string text = string.Join(", ", parts);
        return char.ToUpperInvariant(text[0]) + text.Substring(1);
    }

    private static string More(int count) => (count - MaxListed).ToString("N0", CultureInfo.InvariantCulture);

    private static void WriteTensorList(SourceWriter w, EquatableArray<TensorSpec> tensors)
    {
        w.WriteLine("/// <list type=\"bullet\">");
        foreach (TensorSpec tensor in tensors)
            w.WriteLine($"/// <item><description>{DocComments.NameText(tensor)}: {DocComments.TypeText(tensor)}</description></item>");
        w.WriteLine("/// </list>");
    }
}
