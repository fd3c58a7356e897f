using System.Globalization;
using System.Linq;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes <c>Run</c> and <c>Outputs</c> for a model whose inputs or outputs are not all tensors bound by address (strings,
/// sequences, optionals, maps: <see cref="ModelSpec.BindsByAddress"/> is false). Each parameter and property has the type of
/// its kind (<see cref="TypeNames"/>); the call goes through <c>ModelSession.RunValues</c>, which makes every value and
/// lets ONNX Runtime allocate every output, so such a class has no <c>RunInto</c>, batching or micro-batching.
/// </summary>
internal static class ValueRunEmitter
{
    public static void WriteRun(SourceWriter w, ModelSpec spec)
    {
        w.WriteLine("""
            /// <summary>
            /// Runs the model. Tensors in host memory are bound by address; strings, sequences and maps are copied into values ONNX
            /// Runtime makes for the call; <see langword="null"/> leaves an optional input empty. The outputs are allocated by ONNX
            /// Runtime in host memory and owned by the caller: dispose the result (it disposes every tensor and sequence in it).
            /// </summary>
            """);
        foreach (TensorSpec input in spec.Inputs)
        {
            w.WriteLine($"""
                /// <param name="{DocComments.ParameterName(input.MemberName)}">
                /// Input {DocComments.NameText(input)}: {DocComments.TypeText(input)}.
                """);
            DocComments.WriteText(w, input.DocString);
            w.WriteLine("/// </param>");
        }
        w.WriteLine("""
            /// <returns>The outputs, in model order.</returns>
            /// <exception cref="global::OnnxTyped.OnnxInputException">An input is null where the model takes no empty optional, disposed, an empty list, or has a wrong shape.</exception>
            """);
        string parameters = string.Join(", ", spec.Inputs.Select(i => $"{TypeNames.Input(i)} {i.MemberName}"));
        w.WriteLine($"public Outputs Run({parameters})");
        w.OpenBlock();
        w.WriteLine($"object?[] inputs = _valueScratch ??= new object?[{spec.Inputs.Count.ToString(CultureInfo.InvariantCulture)}];");
        for (int i = 0; i < spec.Inputs.Count; i++) w.WriteLine($"inputs[{i.ToString(CultureInfo.InvariantCulture)}] = {spec.Inputs[i].MemberName};");
        w.WriteLine("""
            try
            {
                return new Outputs(_session.RunValues(inputs));
            }
            finally
            {
                global::System.Array.Clear(inputs, 0, inputs.Length);
            }
            """);
        w.CloseBlock();
        w.WriteLine("""

            // This thread's argument array for Run, so a call allocates no array for its inputs (a caller never re-enters on its own thread).
            [global::System.ThreadStatic]
            private static object?[]? _valueScratch;

            """);
    }

    public static void WriteOutputs(SourceWriter w, ModelSpec spec)
    {
        w.WriteLine($$"""
            /// <summary>
            /// The outputs of one <c>Run</c>, in model order, in host memory. They belong to the caller through this object: disposing it
            /// disposes every output tensor and sequence except those handed over with <see cref="Take{TValue}"/>.
            /// </summary>
            public sealed class Outputs : {{KnownTypes.IDisposable}}
            """);
        w.OpenBlock();
        w.WriteLine("internal Outputs(object?[] values)");
        w.OpenBlock();
        for (int i = 0; i < spec.Outputs.Count; i++)
        {
            TensorSpec output = spec.Outputs[i];
            string nullable = output.Kind is ValueKindSpec.Optional or ValueKindSpec.OptionalSequence ? "" : "!";
            w.WriteLine($"{output.MemberName} = ({TypeNames.Output(output)})values[{i.ToString(CultureInfo.InvariantCulture)}]{nullable};");
        }
        w.CloseBlock();
        foreach (TensorSpec output in spec.Outputs) OutputsClassEmitter.WriteProperty(w, output, DocComments.TypeText(output), TypeNames.Output(output));
        w.WriteLine();
        WriteTake(w, spec);
        OutputsClassEmitter.WriteTakenAndDisposed(w, "an output", "Disposes every output tensor and sequence not handed over with <see cref=\"Take{TValue}\"/>.");
        w.OpenBlock();
        w.WriteLine("_disposed = true;");
        for (int i = 0; i < spec.Outputs.Count; i++)
            if (TypeNames.IsDisposable(spec.Outputs[i]))
                w.WriteLine($"if (_taken is null || !_taken[{i.ToString(CultureInfo.InvariantCulture)}]) {spec.Outputs[i].MemberName}?.Dispose();");
        w.CloseBlock();
        w.CloseBlock();
    }

    // Take is generic over the output's type, so a taken output keeps it; properties are read through `this.`, where an
    // output named like the type parameter would otherwise mean the type.
    private static void WriteTake(SourceWriter w, ModelSpec spec)
    {
        TensorSpec first = spec.Outputs[0];
        string arguments = spec.Inputs.Count == 0 ? "" : "...";
        w.WriteLine($$"""
            /// <summary>
            /// Hands <paramref name="output"/> (one of this object's outputs) over to the caller: disposing this object no longer
            /// disposes it, the caller does. For an output kept past the call: <c>using var result = model.Run({{arguments}}); var kept = result.Take(result.{{first.MemberName}});</c>
            /// </summary>
            /// <typeparam name="TValue">The output's type.</typeparam>
            /// <returns><paramref name="output"/>.</returns>
            /// <exception cref="global::System.ArgumentException"><paramref name="output"/> is not one of this object's outputs (an empty optional is none).</exception>
            /// <exception cref="global::System.ObjectDisposedException">This object was disposed, and <paramref name="output"/> with it.</exception>
            public TValue Take<TValue>(TValue output) where TValue : class
            """);
        w.OpenBlock();
        w.WriteLine("if (output is null) throw new global::System.ArgumentNullException(nameof(output));");
        for (int i = 0; i < spec.Outputs.Count; i++)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            w.WriteLine($"if (ReferenceEquals(output, this.{spec.Outputs[i].MemberName})) return Keep({index}, output, {Escaping.Literal(spec.Outputs[i].OnnxName)});");
        }
        w.WriteLine("throw new global::System.ArgumentException(\"The value is not one of these outputs.\", nameof(output));");
        w.CloseBlock();
        w.WriteLine();
        OutputsClassEmitter.WriteKeep(w, spec, "Outputs", "TValue", "<TValue>", "");
    }
}
