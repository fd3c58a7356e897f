using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Runs an <see cref="InferenceSession"/> on a batch of any size within the batch sizes the model or
/// the memory allows. A C# port of Roboflow inference-models' <c>run_onnx_session_with_batch_size_limit</c>.
/// </summary>
public static class BatchedRunExtensions
{
    /// <summary>
    /// Runs <paramref name="session"/> on <paramref name="inputs"/> (by ONNX input name) through IO binding,
    /// at most <paramref name="maxBatchSize"/> and at least <paramref name="minBatchSize"/> rows per run, and
    /// returns the outputs for the whole batch in the model's output order, on the inputs' device. The
    /// caller owns the returned tensors; every intermediate chunk is disposed here.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Neither limit given: exactly <see cref="InferenceSessionExtensions.RunViaIoBinding"/> (inputs may then have any shapes).</item>
    /// <item>The batch fits (≤ <paramref name="maxBatchSize"/> and ≥ <paramref name="minBatchSize"/>): one run on the inputs as given.</item>
    /// <item>A larger batch: every input is split along dimension 0 into chunks of <paramref name="maxBatchSize"/> rows,
    /// the last chunk is padded with zero rows up to <paramref name="minBatchSize"/>, each chunk runs through one
    /// IO binding, the padded rows are dropped and each output is concatenated along dimension 0.</item>
    /// <item>A batch smaller than <paramref name="minBatchSize"/> (with or without a maximum): one run on the inputs
    /// padded with zero rows up to the minimum; the padded rows are dropped from the outputs.</item>
    /// </list>
    /// A model with a static batch dimension <c>N</c> runs any batch with both limits set to <c>N</c>. Every output
    /// of a split or padded run must have the batch as its dimension 0.
    /// </remarks>
    /// <param name="session">The session.</param>
    /// <param name="inputs">One tensor per model input, all on one device, all with the same dimension 0 (the batch)
    /// whenever a limit is given.</param>
    /// <param name="outputShapes">Optional shapes of outputs for the whole batch (dimension 0 = the batch size), used to
    /// pre-allocate them; for each chunk, dimension 0 is replaced by that chunk's run size (padding included).</param>
    /// <param name="maxBatchSize">The most rows one run may take; <see langword="null"/> for no limit. At least 1.</param>
    /// <param name="minBatchSize">The fewest rows one run may take; <see langword="null"/> for no limit. At least 1, at most <paramref name="maxBatchSize"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1, or <paramref name="minBatchSize"/> exceeds <paramref name="maxBatchSize"/>.</exception>
    /// <exception cref="OnnxInputException">With a limit: an input is a scalar, or the inputs have different batch sizes (the message names
    /// every input and its batch size); always: the errors of <see cref="InferenceSessionExtensions.RunViaIoBinding"/>.</exception>
    /// <exception cref="ArgumentException">A given output shape is a scalar, or its dimension 0 is not the batch size.</exception>
    /// <exception cref="InvalidOperationException">An output of a split or padded run is not batched along dimension 0.</exception>
    public static IReadOnlyList<torch.Tensor> RunWithBatchSizeLimit(
        this InferenceSession session,
        IReadOnlyDictionary<string, torch.Tensor> inputs,
        IReadOnlyDictionary<string, long[]>? outputShapes = null,
        int? maxBatchSize = null,
        int? minBatchSize = null)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        if (inputs is null) throw new ArgumentNullException(nameof(inputs));
        BatchPlan.ValidateLimits(maxBatchSize, minBatchSize);
        return InferenceSessionExtensions.RunOnce(session, inputs, outputShapes, new BatchLimits(maxBatchSize, minBatchSize));
    }
}
