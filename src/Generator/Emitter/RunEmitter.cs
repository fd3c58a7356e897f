using System.Globalization;
using System.Linq;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes <c>Run</c>, one tensor parameter per input in model order, and the batching property that
/// steers it: <c>SplitsFixedBatch</c> when the model fixes its batch size, <c>MaxBatchSize</c> when the
/// batch is symbolic. The splitting itself is the runtime's; the docs say which rule applies.
/// </summary>
internal static class RunEmitter
{
    public static void WriteBatchingProperty(SourceWriter w, ModelSpec spec)
    {
        long staticBatch = spec.StaticBatchSize;
        if (staticBatch > 0)
        {
            string size = staticBatch.ToString(CultureInfo.InvariantCulture);
            w.WriteLine($$"""
                /// <summary>
                /// Whether <see cref="Run"/> takes any number of rows, split into chunks of {{size}} and padded with zeros (the default),
                /// or only exactly {{size}}. Set it to <see langword="false"/> when the model's first dimension is not a batch
                /// (for example a softmax over axis 0): splitting would then compute something else.
                /// </summary>
                public bool SplitsFixedBatch
                {
                    get => _session.SplitsFixedBatch;
                    set => _session.SplitsFixedBatch = value;
                }
                """);
            w.WriteLine();
        }
        else if (spec.HasSymbolicBatch)
        {
            w.WriteLine("""
                /// <summary>
                /// The most rows (dimension 0) one model run takes, for memory limits: <see cref="Run"/> splits a larger batch into chunks
                /// of this size, runs them one after the other and concatenates the outputs. <see langword="null"/> (the default) runs any batch at once.
                /// </summary>
                /// <exception cref="global::System.ArgumentOutOfRangeException">Set below 1.</exception>
                public int? MaxBatchSize
                {
                    get => _session.MaxBatchSize;
                    set => _session.MaxBatchSize = value;
                }
                """);
            w.WriteLine();
        }
    }

    public static void WriteRun(SourceWriter w, ModelSpec spec)
    {
        w.WriteLine("""
            /// <summary>
            /// Runs the model. Each tensor is cast to the declared element type when needed and its shape is checked;
            /// all must be on one device. The outputs are new tensors on that device, owned by the caller: dispose the result.
            /// </summary>
            """);
        long staticBatch = spec.StaticBatchSize;
        if (staticBatch > 0)
        {
            string size = staticBatch.ToString(CultureInfo.InvariantCulture);
            w.WriteLine($"""
                /// <remarks>
                /// The model fixes its batch size to {size}, but this method takes any batch size: a larger batch is split into chunks of {size},
                /// a short batch or last chunk is padded with zeros up to {size}, and the padded rows are dropped from the outputs
                /// (unless <see cref="SplitsFixedBatch"/> is false).
                /// </remarks>
                """);
        }
        else if (spec.HasSymbolicBatch)
        {
            w.WriteLine("""
                /// <remarks>
                /// The batch dimension is symbolic: any batch runs at once, unless <see cref="MaxBatchSize"/> is set to split it into chunks.
                /// </remarks>
                """);
        }
        foreach (TensorSpec input in spec.Inputs)
        {
            w.WriteLine($"""
                /// <param name="{DocComments.ParameterName(input.MemberName)}">
                /// Input {DocComments.NameText(input)}: {DocComments.TypeText(input)}.
                """);
            DocComments.WriteText(w, input.DocString);
            w.WriteLine("/// </param>");
        }
        string parameters = string.Join(", ", spec.Inputs.Select(i => $"{KnownTypes.Tensor} {i.MemberName}"));
        string arguments = spec.Inputs.Count == 0
            ? $"global::System.Array.Empty<{KnownTypes.Tensor}>()"
            : $"new {KnownTypes.Tensor}[] {{ {string.Join(", ", spec.Inputs.Select(i => i.MemberName))} }}";
        w.WriteLine($"""
            /// <returns>The outputs, in model order.</returns>
            public Outputs Run({parameters}) =>
                new Outputs(_session.Run({arguments}));
            """);
        w.WriteLine();
    }
}
