using System.Globalization;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes the batching property of the torch front-end: <c>SplitsFixedBatch</c> when the model fixes its batch
/// size, <c>MaxBatchSize</c> when the batch is symbolic. Only the torch <c>RunTorch</c> splits batches (the runtime
/// does it, with torch slicing and concatenation); the typed <c>Run</c> takes the tensors as they are.
/// </summary>
internal static class BatchingEmitter
{
    public static void Write(SourceWriter w, ModelSpec spec)
    {
        string run = FrontEnd.Torch.SeeRun(spec);
        long staticBatch = spec.StaticBatchSize;
        if (staticBatch > 0)
        {
            string size = staticBatch.ToString(CultureInfo.InvariantCulture);
            w.WriteLine($$"""
                /// <summary>
                /// Whether the torch {{run}} takes any number of rows, split into chunks of {{size}} and padded with zeros, or only exactly
                /// {{size}} (the default). Turn it on only when the model's first dimension is a batch: for a model whose first dimension is
                /// something else (for example a softmax over axis 0), splitting would compute other numbers than the model.
                /// The project file can turn it on for every instance: <c>SplitsFixedBatch="true"</c> on the <c>OnnxModel</c> item.
                /// TorchSharp front-end only: the typed <c>Run</c> takes exactly {{size}} rows.
                /// </summary>
                public bool SplitsFixedBatch
                {
                    get => _torch.SplitsFixedBatch;
                    set => _torch.SplitsFixedBatch = value;
                }
                """);
            w.WriteLine();
        }
        else if (spec.HasSymbolicBatch)
        {
            w.WriteLine($$"""
                /// <summary>
                /// The most rows (dimension 0) one model run takes, for memory limits: the torch {{run}} splits a larger batch into chunks
                /// of this size, runs them one after the other and concatenates the outputs. <see langword="null"/> (the default) runs any batch at once.
                /// TorchSharp front-end only: the typed <c>Run</c> runs any batch at once.
                /// </summary>
                /// <exception cref="global::System.ArgumentOutOfRangeException">Set below 1.</exception>
                public int? MaxBatchSize
                {
                    get => _torch.MaxBatchSize;
                    set => _torch.MaxBatchSize = value;
                }
                """);
            w.WriteLine();
        }
    }
}
