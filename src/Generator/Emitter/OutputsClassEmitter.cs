using System.Globalization;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes the nested <c>Outputs</c> class: one tensor property per output in model order, filled
/// from the runtime's output array, <c>Take</c> to keep one past the object, and a <c>Dispose</c> that disposes the rest.
/// </summary>
internal static class OutputsClassEmitter
{
    public static void Write(SourceWriter w, ModelSpec spec)
    {
        w.WriteLine($"""
            /// <summary>
            /// The outputs of one <see cref="Run"/>, in model order. They belong to the caller through this object: disposing it
            /// disposes every output tensor except those handed over with <see cref="Take"/>.
            /// </summary>
            public sealed class Outputs : {KnownTypes.IDisposable}
            """);
        w.OpenBlock();
        w.WriteLine($"internal Outputs({KnownTypes.Tensor}[] tensors)");
        w.OpenBlock();
        for (int i = 0; i < spec.Outputs.Count; i++)
            w.WriteLine($"{spec.Outputs[i].MemberName} = tensors[{i.ToString(CultureInfo.InvariantCulture)}];");
        w.CloseBlock();
        foreach (TensorSpec output in spec.Outputs)
        {
            w.WriteLine();
            w.WriteLine($"""
                /// <summary>
                /// Output {DocComments.NameText(output)}: {DocComments.TypeText(output)}.
                """);
            DocComments.WriteText(w, output.DocString);
            w.WriteLine($$"""
                /// </summary>
                public {{KnownTypes.Tensor}} {{output.MemberName}} { get; }
                """);
        }
        w.WriteLine();
        w.WriteLine($$"""
            /// <summary>
            /// Hands <paramref name="output"/> (one of this object's output tensors) over to the caller: disposing this object no
            /// longer disposes it, the caller does. For an output kept past the call, such as a recurrent state fed to the next run:
            /// <c>using var result = model.Run(...); state = result.Take(result.StateN);</c>
            /// </summary>
            /// <returns><paramref name="output"/>.</returns>
            /// <exception cref="global::System.ArgumentException"><paramref name="output"/> is not one of this object's outputs.</exception>
            public {{KnownTypes.Tensor}} Take({{KnownTypes.Tensor}} output)
            """);
        w.OpenBlock();
        for (int i = 0; i < spec.Outputs.Count; i++)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            w.WriteLine($"if (ReferenceEquals(output, {spec.Outputs[i].MemberName})) return Keep({index}, output);");
        }
        w.WriteLine("throw new global::System.ArgumentException(\"The tensor is not one of these outputs.\", nameof(output));");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine($$"""
            private {{KnownTypes.Tensor}} Keep(int index, {{KnownTypes.Tensor}} output)
            {
                (_taken ??= new bool[{{spec.Outputs.Count.ToString(CultureInfo.InvariantCulture)}}])[index] = true;
                return output;
            }

            // The outputs handed over with Take; allocated by the first Take only.
            private bool[]? _taken;

            /// <summary>Disposes every output tensor not handed over with <see cref="Take"/>.</summary>
            public void Dispose()
            """);
        w.OpenBlock();
        for (int i = 0; i < spec.Outputs.Count; i++)
            w.WriteLine($"if (_taken is null || !_taken[{i.ToString(CultureInfo.InvariantCulture)}]) {spec.Outputs[i].MemberName}.Dispose();");
        w.CloseBlock();
        w.CloseBlock();
    }
}
