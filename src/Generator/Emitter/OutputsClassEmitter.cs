using System.Globalization;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes the nested <c>Outputs</c> class: one tensor property per output in model order, filled
/// from the runtime's output array, and a <c>Dispose</c> that disposes them all.
/// </summary>
internal static class OutputsClassEmitter
{
    public static void Write(SourceWriter w, ModelSpec spec)
    {
        w.WriteLine($"""
            /// <summary>The outputs of one <see cref="Run"/>, in model order. Disposing it disposes every output tensor.</summary>
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
        w.WriteLine("""
            /// <summary>Disposes every output tensor.</summary>
            public void Dispose()
            """);
        w.OpenBlock();
        foreach (TensorSpec output in spec.Outputs) w.WriteLine($"{output.MemberName}.Dispose();");
        w.CloseBlock();
        w.CloseBlock();
    }
}
