using System.Linq;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes one front-end's awaitable entries, <c>RunAsync</c> (or <c>RunTorchAsync</c>) and <c>RunIntoAsync</c>, with the
/// parameters of <c>Run</c> and <c>RunInto</c> plus a cancellation token. Micro-batching is the runtime's: these fill
/// the same per-thread argument arrays as <c>Run</c> (the runtime copies what it needs before it returns the task) and
/// hand the task back. A call that completed at once allocates nothing; only a pending or failed one goes through an
/// <c>async</c> helper.
/// </summary>
internal static class RunAsyncEmitter
{
    private const string CancellationTokenDocs =
        "/// <param name=\"cancellationToken\">Takes a queued call out of its queue, or stops a run the call has to itself; " +
        "the call then throws <see cref=\"global::System.OperationCanceledException\"/> and the model stays usable.</param>";

    private const string QueueFullDocs =
        "/// <exception cref=\"global::OnnxTyped.OnnxQueueFullException\">Micro-batched, the queue is full and the options say throw.</exception>";

    public static void Write(SourceWriter w, ModelSpec spec, FrontEnd frontEnd)
    {
        WriteRunAsync(w, spec, frontEnd);
        WriteRunIntoAsync(w, spec, frontEnd);
        WriteOutputsHelpers(w, frontEnd);
    }

    /// <summary>The helpers both front-ends' <c>RunIntoAsync</c> share: one pair per class.</summary>
    public static void WriteRunIntoHelpers(SourceWriter w, ModelSpec spec)
    {
        w.WriteLine($"""
            private static {KnownTypes.ValueTask} CompleteRunInto({KnownTypes.ValueTask} run) => run.IsCompletedSuccessfully ? run : AwaitRunInto(run);

            // RunIntoAsync's slow path, for a call still pending or failed: names a bad output after RunIntoAsync's parameter, as RunInto does.
            private static async {KnownTypes.ValueTask} AwaitRunInto({KnownTypes.ValueTask} run)
            """);
        w.OpenBlock();
        w.WriteLine("try");
        w.OpenBlock();
        w.WriteLine("await run.ConfigureAwait(false);");
        w.CloseBlock();
        RunEmitter.WriteOutputParameterNames(w, spec, inScope: false);
        w.CloseBlock();
        w.WriteLine();
    }

    private static void WriteRunAsync(SourceWriter w, ModelSpec spec, FrontEnd frontEnd)
    {
        w.WriteLine($"""
            /// <summary>
            /// Runs the model as {frontEnd.SeeRun(spec)} does, awaited. Micro-batched (<see cref="global::OnnxTyped.MicroBatchOptions"/> given to a
            /// constructor or <c>Load</c>), the call is joined with concurrent calls into one batch and waits for it without blocking a thread;
            /// otherwise it runs on this thread and returns completed. The outputs belong to the caller: dispose the result.
            /// </summary>
            """);
        foreach (TensorSpec input in spec.Inputs)
            w.WriteLine($"""/// <param name="{DocComments.ParameterName(input.MemberName)}">Input {DocComments.NameText(input)}: {frontEnd.TypeText(input)}.</param>""");
        w.WriteLine(CancellationTokenDocs);
        w.WriteLine("/// <returns>The outputs, in model order.</returns>");
        w.WriteLine(frontEnd.InputExceptionDoc);
        w.WriteLine(QueueFullDocs);
        string parameters = string.Join(", ", spec.Inputs.Select(i => $"{frontEnd.TensorType(i)} {i.MemberName}")
            .Concat(new[] { $"{KnownTypes.CancellationToken} cancellationToken = default" }));
        w.WriteLine($"public {KnownTypes.ValueTask}<{frontEnd.OutputsClass}> {frontEnd.RunName}Async({parameters})");
        w.OpenBlock();
        RunEmitter.WriteCall(w, spec, frontEnd, $"return Complete{frontEnd.OutputsClass}({frontEnd.Field}.RunAsync(inputs, cancellationToken));", withOutputs: false);
        w.CloseBlock();
        w.WriteLine();
    }

    private static void WriteRunIntoAsync(SourceWriter w, ModelSpec spec, FrontEnd frontEnd)
    {
        w.WriteLine($"""
            /// <summary>
            /// Runs the model writing into output tensors the caller owns, as <c>RunInto</c> on {(frontEnd.IsTorch ? "torch" : "<c>OnnxTensor</c>")} tensors
            /// does, awaited; micro-batched, the call waits for its batch without blocking a thread (see <c>{frontEnd.RunName}Async</c>).
            /// A call cancelled after its batch ran may have written its outputs.
            /// </summary>
            """);
        foreach (TensorSpec input in spec.Inputs)
            w.WriteLine($"""/// <param name="{DocComments.ParameterName(input.MemberName)}">Input {DocComments.NameText(input)}: {frontEnd.TypeText(input)}.</param>""");
        foreach (TensorSpec output in spec.Outputs)
            w.WriteLine($"""/// <param name="{DocComments.ParameterName(output.IntoParameter)}">Written with output {DocComments.NameText(output)}: {frontEnd.TypeText(output)}.</param>""");
        w.WriteLine(CancellationTokenDocs);
        w.WriteLine(frontEnd.IntoExceptionDocs);
        w.WriteLine(QueueFullDocs);
        string parameters = string.Join(", ", spec.Inputs.Select(i => $"{frontEnd.TensorType(i)} {i.MemberName}")
            .Concat(spec.Outputs.Select(o => $"{frontEnd.TensorType(o)} {o.IntoParameter}"))
            .Concat(new[] { $"{KnownTypes.CancellationToken} cancellationToken = default" }));
        w.WriteLine($"public {KnownTypes.ValueTask} RunIntoAsync({parameters})");
        w.OpenBlock();
        // A failure comes back in the task (the runtime throws none here), so the parameter naming is the helper's.
        RunEmitter.WriteCall(w, spec, frontEnd, $"return CompleteRunInto({frontEnd.Field}.RunIntoAsync(inputs, outputs, cancellationToken));",
            withOutputs: true, nameOutputParameters: false);
        w.CloseBlock();
        w.WriteLine();
    }

    // The outputs class over the runtime's tensors: at once when the call completed, else when it does.
    private static void WriteOutputsHelpers(SourceWriter w, FrontEnd frontEnd)
    {
        string outputs = frontEnd.OutputsClass;
        string tensors = $"{KnownTypes.ValueTask}<{frontEnd.TensorBase}[]>";
        w.WriteLine($"""
            private static {KnownTypes.ValueTask}<{outputs}> Complete{outputs}({tensors} run) =>
                run.IsCompletedSuccessfully ? new {KnownTypes.ValueTask}<{outputs}>(new {outputs}(run.Result)) : Await{outputs}(run);

            private static async {KnownTypes.ValueTask}<{outputs}> Await{outputs}({tensors} run) => new {outputs}(await run.ConfigureAwait(false));
            """);
        w.WriteLine();
    }
}
