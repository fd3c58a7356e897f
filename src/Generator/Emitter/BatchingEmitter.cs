using System.Globalization;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes the batching property of every class: <c>SplitsFixedBatch</c> when the model fixes its batch size,
/// <c>MaxBatchSize</c> when the batch is symbolic. Both forward to the <c>ModelSession</c>, whose limits the runtime
/// applies to every front-end's run alike (the typed <c>Run</c>, and <c>RunTorch</c> when the class has it), so the
/// property is there with or without TorchSharp.
/// </summary>
internal static class BatchingEmitter
{
    public static void Write(SourceWriter w, ModelSpec spec, bool withTorch)
    {
        // The calls the limits apply to, as the docs name them.
        string runs = withTorch ? $"{FrontEnd.Typed.SeeRun(spec)} and {FrontEnd.Torch.SeeRun(spec)}" : FrontEnd.Typed.SeeRun(spec);
        long staticBatch = spec.StaticBatchSize;
        if (staticBatch > 0)
        {
            string size = staticBatch.ToString(CultureInfo.InvariantCulture);
            w.WriteLine($$"""
                /// <summary>
                /// Whether a run ({{runs}}) takes any number of rows, split into chunks of {{size}} and padded with zeros, or only exactly
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
            w.WriteLine($$"""
                /// <summary>
                /// The most rows (dimension 0) one model run takes, for memory limits: a run ({{runs}}) splits a larger batch into chunks
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
}
