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
                /// Whether <see cref="Run"/> takes any number of rows, split into chunks of {{size}} and padded with zeros, or only exactly
                /// {{size}} (the default). Turn it on only when the model's first dimension is a batch: for a model whose first dimension is
                /// something else (for example a softmax over axis 0), splitting would compute other numbers than the model.
                /// The project file can turn it on for every instance: <c>SplitsFixedBatch="true"</c> on the <c>OnnxModel</c> item.
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
                /// The model fixes its batch size to {size}: this method takes exactly {size} rows, unless <see cref="SplitsFixedBatch"/> is on,
                /// when a larger batch is split into chunks of {size}, a short batch or last chunk is padded with zeros up to {size}, and the
                /// padded rows are dropped from the outputs.
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
        w.WriteLine($"""
            /// <returns>The outputs, in model order.</returns>
            public Outputs Run({parameters})
            """);
        w.OpenBlock();
        WriteCall(w, spec, "return new Outputs(_session.Run(inputs));", withOutputs: false);
        w.CloseBlock();
        w.WriteLine();
        WriteRunInto(w, spec);
        WriteScratchFields(w, spec);
    }

    // Destination-passing: the caller's output tensors, reusable across calls; nothing allocated per call.
    private static void WriteRunInto(SourceWriter w, ModelSpec spec)
    {
        w.WriteLine("""
            /// <summary>
            /// Runs the model writing into output tensors the caller owns and may reuse across calls (for example a recurrent state
            /// ping-ponging between two tensors). Inputs are checked and cast as by <see cref="Run"/>, with no batching; each output
            /// tensor must have the model's dtype (outputs are not cast), be contiguous, on the inputs' device, and have exactly the
            /// shape the run produces. Inputs and outputs whose memory did not change since the last call stay bound, so a loop over
            /// the same tensors allocates nothing per call.
            /// </summary>
            """);
        foreach (TensorSpec input in spec.Inputs)
            w.WriteLine($"""/// <param name="{DocComments.ParameterName(input.MemberName)}">Input {DocComments.NameText(input)}: {DocComments.TypeText(input)}.</param>""");
        foreach (TensorSpec output in spec.Outputs)
            w.WriteLine($"""/// <param name="{DocComments.ParameterName(output.IntoParameter)}">Written with output {DocComments.NameText(output)}: {DocComments.TypeText(output)}.</param>""");
        w.WriteLine("""
            /// <exception cref="global::OnnxTyped.OnnxInputException">An input is missing, has a dtype the cast table refuses, or a wrong shape or device.</exception>
            /// <exception cref="global::System.ArgumentException">An output tensor has the wrong dtype, device, layout or shape.</exception>
            """);
        string parameters = string.Join(", ", spec.Inputs.Select(i => $"{KnownTypes.Tensor} {i.MemberName}")
            .Concat(spec.Outputs.Select(o => $"{KnownTypes.Tensor} {o.IntoParameter}")));
        w.WriteLine($"public void RunInto({parameters})");
        w.OpenBlock();
        WriteCall(w, spec, "_session.RunInto(inputs, outputs);", withOutputs: true);
        w.CloseBlock();
        w.WriteLine();
    }

    // Fills this thread's scratch arrays, makes the call, and empties them again so they hold no tensor after it.
    private static void WriteCall(SourceWriter w, ModelSpec spec, string call, bool withOutputs)
    {
        w.WriteLine($"{KnownTypes.Tensor}[] inputs = _inputScratch ??= new {KnownTypes.Tensor}[{spec.Inputs.Count}];");
        if (withOutputs) w.WriteLine($"{KnownTypes.Tensor}[] outputs = _outputScratch ??= new {KnownTypes.Tensor}[{spec.Outputs.Count}];");
        for (int i = 0; i < spec.Inputs.Count; i++) w.WriteLine($"inputs[{i}] = {spec.Inputs[i].MemberName};");
        if (withOutputs)
            for (int o = 0; o < spec.Outputs.Count; o++) w.WriteLine($"outputs[{o}] = {spec.Outputs[o].IntoParameter};");
        w.WriteLine("try");
        w.OpenBlock();
        w.WriteLine(call);
        w.CloseBlock();
        w.WriteLine("finally");
        w.OpenBlock();
        w.WriteLine("global::System.Array.Clear(inputs, 0, inputs.Length);");
        if (withOutputs) w.WriteLine("global::System.Array.Clear(outputs, 0, outputs.Length);");
        w.CloseBlock();
    }

    private static void WriteScratchFields(SourceWriter w, ModelSpec spec)
    {
        w.WriteLine($$"""
            // Per-thread argument arrays for Run and RunInto, so a call allocates none (a caller never re-enters on its own thread).
            [global::System.ThreadStatic]
            private static {{KnownTypes.Tensor}}[]? _inputScratch;

            [global::System.ThreadStatic]
            private static {{KnownTypes.Tensor}}[]? _outputScratch;
            """);
        w.WriteLine();
    }
}
