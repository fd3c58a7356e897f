using System.Globalization;
using System.Linq;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes one front-end's <c>Run</c> or <c>RunTorch</c> (one tensor parameter per input, in model order) and <c>RunInto</c> (then one
/// destination per output), over that front-end's per-thread argument arrays, so a call allocates none. Checking,
/// binding and batching are the runtime's; the docs say which rules apply.
/// </summary>
internal static class RunEmitter
{
    public static void Write(SourceWriter w, ModelSpec spec, FrontEnd frontEnd)
    {
        w.WriteLine(frontEnd.IsTorch
            ? """
              /// <summary>
              /// Runs the model on TorchSharp tensors. Each tensor is cast to the declared element type when needed and its shape is checked;
              /// all must be on one device. The outputs are new tensors on that device, owned by the caller: dispose the result.
              /// </summary>
              """
            : """
              /// <summary>
              /// Runs the model on tensors in host memory (a session on a GPU copies them in). Each parameter's type fixes the element type
              /// the model declares; shapes are checked. The outputs are new tensors in host memory that own their native memory, owned by
              /// the caller: dispose the result.
              /// </summary>
              """);
        WriteBatchRemarks(w, spec);
        foreach (TensorSpec input in spec.Inputs)
        {
            w.WriteLine($"""
                /// <param name="{DocComments.ParameterName(input.MemberName)}">
                /// Input {DocComments.NameText(input)}: {frontEnd.TypeText(input)}.
                """);
            DocComments.WriteText(w, input.DocString);
            w.WriteLine("/// </param>");
        }
        w.WriteLine("/// <returns>The outputs, in model order.</returns>");
        w.WriteLine(frontEnd.InputExceptionDoc);
        string parameters = string.Join(", ", spec.Inputs.Select(i => $"{frontEnd.TensorType(i)} {i.MemberName}"));
        w.WriteLine($"public {frontEnd.OutputsClass} {frontEnd.RunName}({parameters})");
        w.OpenBlock();
        WriteCall(w, spec, frontEnd, $"return new {frontEnd.OutputsClass}({frontEnd.Field}.Run(inputs));", withOutputs: false);
        w.CloseBlock();
        w.WriteLine();
        WriteRunInto(w, spec, frontEnd);
        WriteScratchFields(w, spec, frontEnd);
    }

    // What the model's batch dimension means for Run and RunTorch alike: both split and pad under the session's limits.
    private static void WriteBatchRemarks(SourceWriter w, ModelSpec spec)
    {
        long staticBatch = spec.StaticBatchSize;
        string size = staticBatch.ToString(CultureInfo.InvariantCulture);
        string? remarks = (staticBatch > 0, spec.HasSymbolicBatch) switch
        {
            (true, _) => $"""
                The model fixes its batch size to {size}: this method takes exactly {size} rows, unless <see cref="SplitsFixedBatch"/> is on,
                when a larger batch is split into chunks of {size}, a short batch or last chunk is padded with zeros up to {size}, and the
                padded rows are dropped from the outputs.
                """,
            (false, true) => "The batch dimension is symbolic: any batch runs at once, unless <see cref=\"MaxBatchSize\"/> is set to split it into chunks.",
            _ => null,
        };
        if (remarks is null) return;
        w.WriteLine("/// <remarks>");
        foreach (string line in remarks.Split('\n')) w.WriteLine("/// " + line.TrimEnd('\r'));
        w.WriteLine("/// </remarks>");
    }

    // Destination-passing: the caller's output tensors, reusable across calls; nothing allocated per call.
    private static void WriteRunInto(SourceWriter w, ModelSpec spec, FrontEnd frontEnd)
    {
        string run = frontEnd.SeeRun(spec);
        w.WriteLine(frontEnd.IsTorch
            ? $"""
              /// <summary>
              /// Runs the model on TorchSharp tensors writing into output tensors the caller owns and may reuse across calls (for example a
              /// recurrent state ping-ponging between two tensors). Inputs are checked and cast as by {run}, with no batching;
              /// each output tensor must have the model's dtype (outputs are not cast), be contiguous, on the inputs' device, and have exactly
              /// the shape the run produces. Inputs and outputs whose memory did not change since the last call stay bound, so a loop over
              /// the same tensors allocates nothing per call.
              /// </summary>
              """
            : $"""
              /// <summary>
              /// Runs the model writing into output tensors the caller owns and may reuse across calls (for example a recurrent state
              /// ping-ponging between two tensors, allocated once with <c>OnnxTensor&lt;T&gt;.Allocate</c>). Inputs are checked as by
              /// {run}, with no batching; each output tensor must be in host memory and have exactly the shape the run produces (its element
              /// type is the parameter's). Inputs and outputs whose memory did not change since the last call stay bound, so a loop over
              /// the same tensors allocates nothing per call.
              /// </summary>
              """);
        foreach (TensorSpec input in spec.Inputs)
            w.WriteLine($"""/// <param name="{DocComments.ParameterName(input.MemberName)}">Input {DocComments.NameText(input)}: {frontEnd.TypeText(input)}.</param>""");
        foreach (TensorSpec output in spec.Outputs)
            w.WriteLine($"""/// <param name="{DocComments.ParameterName(output.IntoParameter)}">Written with output {DocComments.NameText(output)}: {frontEnd.TypeText(output)}.</param>""");
        w.WriteLine(frontEnd.IntoExceptionDocs);
        string parameters = string.Join(", ", spec.Inputs.Select(i => $"{frontEnd.TensorType(i)} {i.MemberName}")
            .Concat(spec.Outputs.Select(o => $"{frontEnd.TensorType(o)} {o.IntoParameter}")));
        w.WriteLine($"public void RunInto({parameters})");
        w.OpenBlock();
        WriteCall(w, spec, frontEnd, $"{frontEnd.Field}.RunInto(inputs, outputs);", withOutputs: true);
        w.CloseBlock();
        w.WriteLine();
    }

    // Fills this thread's scratch arrays, makes the call, and empties them again so they hold no tensor after it.
    public static void WriteCall(SourceWriter w, ModelSpec spec, FrontEnd frontEnd, string call, bool withOutputs, bool nameOutputParameters = true)
    {
        string array = frontEnd.TensorBase;
        w.WriteLine($"{array}[] inputs = {frontEnd.InputScratch} ??= new {array}[{spec.Inputs.Count}];");
        if (withOutputs) w.WriteLine($"{array}[] outputs = {frontEnd.OutputScratch} ??= new {array}[{spec.Outputs.Count}];");
        for (int i = 0; i < spec.Inputs.Count; i++) w.WriteLine($"inputs[{i}] = {spec.Inputs[i].MemberName};");
        if (withOutputs)
            for (int o = 0; o < spec.Outputs.Count; o++) w.WriteLine($"outputs[{o}] = {spec.Outputs[o].IntoParameter};");
        w.WriteLine("try");
        w.OpenBlock();
        w.WriteLine(call);
        w.CloseBlock();
        if (withOutputs && nameOutputParameters) WriteOutputParameterNames(w, spec);
        w.WriteLine("finally");
        w.OpenBlock();
        w.WriteLine("global::System.Array.Clear(inputs, 0, inputs.Length);");
        if (withOutputs) w.WriteLine("global::System.Array.Clear(outputs, 0, outputs.Length);");
        w.CloseBlock();
    }

    // The runtime names a bad output tensor's parameter "outputs" (its array); RunInto's callers passed it as one of the
    // parameters written here, so the error is named after that one (the runtime's error inside).
    // Outside RunInto (its Async form's helper) the parameters are not in scope: their names are written as strings.
    public static void WriteOutputParameterNames(SourceWriter w, ModelSpec spec, bool inScope = true)
    {
        w.WriteLine("catch (global::OnnxTyped.OnnxOutputException e) when (e.ParamName == \"outputs\")");
        w.OpenBlock();
        w.WriteLine("throw e.WithParameter(e.OutputName switch");
        w.OpenBlock();
        // A hostile model may name two outputs alike: one arm per name (the first), or the switch would not compile (CS8510).
        foreach (TensorSpec output in spec.Outputs.GroupBy(o => o.OnnxName, System.StringComparer.Ordinal).Select(g => g.First()))
            w.WriteLine($"{Escaping.Literal(output.OnnxName)} => {(inScope ? $"nameof({output.IntoParameter})" : Escaping.Literal(DocComments.ParameterName(output.IntoParameter)))},");
        w.WriteLine("_ => \"outputs\",");
        w.CloseBlock(");");
        w.CloseBlock();
    }

    private static void WriteScratchFields(SourceWriter w, ModelSpec spec, FrontEnd frontEnd)
    {
        string run = frontEnd.RunName;
        w.WriteLine($$"""
            // Per-thread argument arrays for {{run}}, RunInto and their Async forms{{(frontEnd.IsTorch ? " on torch tensors" : "")}}, so a call allocates none (a caller never re-enters on its own
            // thread, and the runtime has copied what it needs from them when an Async call returns its task).
            [global::System.ThreadStatic]
            private static {{frontEnd.TensorBase}}[]? {{frontEnd.InputScratch}};

            [global::System.ThreadStatic]
            private static {{frontEnd.TensorBase}}[]? {{frontEnd.OutputScratch}};
            """);
        w.WriteLine();
    }
}
