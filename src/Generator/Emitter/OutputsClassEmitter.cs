using System.Globalization;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes a front-end's outputs class (<c>Outputs</c> for the typed front-end, <c>TorchOutputs</c> for TorchSharp): one
/// tensor property per output in model order, filled from the runtime's output array, <c>Take</c> to keep one past the
/// object, and a <c>Dispose</c> that disposes the rest.
/// </summary>
internal static class OutputsClassEmitter
{
    public static void Write(SourceWriter w, ModelSpec spec, FrontEnd frontEnd)
    {
        string name = frontEnd.OutputsClass;
        string take = frontEnd.IsTorch ? "Take" : "Take{T}";
        w.WriteLine($"""
            /// <summary>
            /// The outputs of one {frontEnd.SeeRun(spec, qualified: true)}, in model order{(frontEnd.IsTorch ? "" : ", in host memory")}. They belong to the caller through this object:
            /// disposing it disposes every output tensor{(frontEnd.IsTorch ? "" : " (freeing its native memory)")} except those handed over with <see cref="{take}"/>.
            /// </summary>
            public sealed class {name} : {KnownTypes.IDisposable}
            """);
        w.OpenBlock();
        w.WriteLine($"internal {name}({frontEnd.TensorBase}[] tensors)");
        w.OpenBlock();
        for (int i = 0; i < spec.Outputs.Count; i++)
        {
            TensorSpec output = spec.Outputs[i];
            string cast = frontEnd.IsTorch ? "" : $"({frontEnd.TensorType(output)})";
            w.WriteLine($"{output.MemberName} = {cast}tensors[{i.ToString(CultureInfo.InvariantCulture)}];");
        }
        w.CloseBlock();
        foreach (TensorSpec output in spec.Outputs) WriteProperty(w, output, frontEnd.TypeText(output), frontEnd.TensorType(output));
        w.WriteLine();
        WriteTake(w, spec, frontEnd);
        WriteTakenAndDisposed(w, "a tensor", $"Disposes every output tensor not handed over with <see cref=\"{take}\"/>.");
        w.OpenBlock();
        w.WriteLine("_disposed = true;");
        for (int i = 0; i < spec.Outputs.Count; i++)
            w.WriteLine($"if (_taken is null || !_taken[{i.ToString(CultureInfo.InvariantCulture)}]) {spec.Outputs[i].MemberName}.Dispose();");
        w.CloseBlock();
        w.CloseBlock();
    }

    // Take is generic on the typed front-end, so a taken output keeps its element type; properties are read through
    // `this.` there, where an output named like the type parameter would otherwise mean the type.
    private static void WriteTake(SourceWriter w, ModelSpec spec, FrontEnd frontEnd)
    {
        string tensor = frontEnd.IsTorch ? KnownTypes.TorchTensor : KnownTypes.OnnxTensor + "<T>";
        string generic = frontEnd.IsTorch ? "" : "<T>";
        string constraint = frontEnd.IsTorch ? "" : " where T : unmanaged";
        // The example names this class's own call and first output, so it is true for every model (a model has at least one output: OTG009).
        string arguments = spec.Inputs.Count == 0 ? "" : "...";
        TensorSpec first = spec.Outputs[0];
        string example = $"using var result = model.{frontEnd.RunName}({arguments}); {first.IntoParameter} = result.Take(result.{first.MemberName});";
        w.WriteLine($$"""
            /// <summary>
            /// Hands <paramref name="output"/> (one of this object's output tensors) over to the caller: disposing this object no
            /// longer disposes it, the caller does. For an output kept past the call, such as a recurrent state fed to the next run:
            /// <c>{{example}}</c>
            /// </summary>
            {{(frontEnd.IsTorch ? "" : "/// <typeparam name=\"T\">The output's element type.</typeparam>\n")}}/// <returns><paramref name="output"/>.</returns>
            /// <exception cref="global::System.ArgumentException"><paramref name="output"/> is not one of this object's outputs.</exception>
            /// <exception cref="global::System.ObjectDisposedException">This object was disposed, and <paramref name="output"/> with it.</exception>
            public {{tensor}} Take{{generic}}({{tensor}} output){{constraint}}
            """);
        w.OpenBlock();
        for (int i = 0; i < spec.Outputs.Count; i++)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            w.WriteLine($"if (ReferenceEquals(output, this.{spec.Outputs[i].MemberName})) return Keep({index}, output, {Escaping.Literal(spec.Outputs[i].OnnxName)});");
        }
        w.WriteLine("throw new global::System.ArgumentException(\"The tensor is not one of these outputs.\", nameof(output));");
        w.CloseBlock();
        w.WriteLine();
        WriteKeep(w, spec, frontEnd.OutputsClass, tensor, generic, constraint);
    }

    /// <summary>One output's property, after a blank line, with its docs: its name, <paramref name="typeText"/> and the model's doc string.</summary>
    internal static void WriteProperty(SourceWriter w, TensorSpec output, string typeText, string type)
    {
        w.WriteLine();
        w.WriteLine($"""
            /// <summary>
            /// Output {DocComments.NameText(output)}: {typeText}.
            """);
        DocComments.WriteText(w, output.DocString);
        w.WriteLine($$"""
            /// </summary>
            public {{type}} {{output.MemberName}} { get; }
            """);
    }

    /// <summary>
    /// An outputs class's <c>Keep</c>, behind every <c>Take</c>: refuses an output disposed with the object, and marks
    /// output <c>index</c> handed over (of type <paramref name="valueType"/>, generic as <paramref name="generic"/>).
    /// </summary>
    internal static void WriteKeep(SourceWriter w, ModelSpec spec, string outputsClass, string valueType, string generic, string constraint)
    {
        w.WriteLine($$"""
            private {{valueType}} Keep{{generic}}(int index, {{valueType}} output, string name){{constraint}}
            {
                if (_disposed)
                    throw new global::System.ObjectDisposedException({{Escaping.Literal(spec.ClassName + "." + outputsClass)}},
                        "Output '" + name + "' was disposed with its {{outputsClass}} object: call Take before disposing it.");
                (_taken ??= new bool[{{spec.Outputs.Count.ToString(CultureInfo.InvariantCulture)}}])[index] = true;
                return output;
            }

            """);
    }

    /// <summary>The fields <c>Take</c> and <c>Dispose</c> share, and the head of <c>Dispose</c> (its summary given).</summary>
    internal static void WriteTakenAndDisposed(SourceWriter w, string output, string disposeSummary)
    {
        w.WriteLine($$"""
            // The outputs handed over with Take; allocated by the first Take only.
            private bool[]? _taken;

            // Set by Dispose: a Take after it would hand over {{output}} already disposed.
            private bool _disposed;

            /// <summary>{{disposeSummary}}</summary>
            public void Dispose()
            """);
    }
}
