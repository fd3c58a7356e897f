using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// Runs a model on a batch of any size under a maximum and a minimum batch size: splits every input
/// along dimension 0 as <see cref="BatchPlan"/> says, pads short chunks with zeros, runs each chunk
/// through a caller-given function, drops the padded rows and concatenates each output along
/// dimension 0. Shared by <see cref="BatchedRunExtensions.RunWithBatchSizeLimit"/> and sessions of
/// generated classes, so both batch through the same code.
/// </summary>
/// <remarks>
/// Ownership: the input tensors stay the caller's. Every slice, zero block and padded chunk made
/// here, and every per-chunk output, is disposed before <see cref="Run"/> returns (also when it
/// throws). The returned tensors belong to the caller; on the pass-through path they are exactly
/// what <c>runChunk</c> returned.
/// </remarks>
internal static class BatchRunner
{
    /// <summary>
    /// Runs <paramref name="inputs"/> (in model order, already checked against the model) in chunks.
    /// <paramref name="runChunk"/> gets one tensor per input, all with the same dimension 0, and that size (the
    /// chunk's run size, padding included), and returns the outputs in model order; it owns nothing it is given and
    /// hands over what it returns.
    /// </summary>
    /// <param name="runChunk">Runs the model once, e.g. through a <see cref="TorchRunner"/>.</param>
    /// <param name="inputs">One tensor per model input, in model order.</param>
    /// <param name="shapes">The inputs' shapes, in the same order.</param>
    /// <param name="inputNames">The model's input names, in the same order (for messages).</param>
    /// <param name="outputNames">The model's output names, in model order (for messages).</param>
    /// <param name="maxBatchSize">The most rows one run may take; <see langword="null"/> for no limit.</param>
    /// <param name="minBatchSize">The fewest rows one run may take (short chunks are padded); <see langword="null"/> for no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1, or the minimum exceeds the maximum.</exception>
    /// <exception cref="OnnxInputException">An input is a scalar, or the inputs' batch sizes differ.</exception>
    /// <exception cref="InvalidOperationException">An output of a split run is not batched along dimension 0, so the chunks' outputs cannot be put back together.</exception>
    public static torch.Tensor[] Run(
        Func<torch.Tensor[], long, torch.Tensor[]> runChunk,
        IReadOnlyList<torch.Tensor> inputs,
        IReadOnlyList<long[]> shapes,
        IReadOnlyList<string> inputNames,
        IReadOnlyList<string> outputNames,
        int? maxBatchSize,
        int? minBatchSize)
    {
        if (runChunk is null) throw new ArgumentNullException(nameof(runChunk));
        if (inputs is null) throw new ArgumentNullException(nameof(inputs));
        BatchPlan.ValidateLimits(maxBatchSize, minBatchSize);
        long batchSize = BatchPlan.CommonBatchSize(inputNames, shapes);
        BatchPlan plan = BatchPlan.Create(batchSize, maxBatchSize, minBatchSize);
        if (plan.IsPassThrough) return runChunk(inputs.ToArray(), batchSize);

        var parts = new List<torch.Tensor>[outputNames.Count];
        for (int o = 0; o < parts.Length; o++) parts[o] = new List<torch.Tensor>(plan.Chunks.Count);
        try
        {
            foreach (BatchChunk chunk in plan.Chunks)
                RunOne(runChunk, inputs, outputNames, chunk, parts);
            return Concatenate(parts);
        }
        finally
        {
            foreach (List<torch.Tensor> list in parts)
                foreach (torch.Tensor part in list) part.Dispose();
        }
    }

    private static void RunOne(
        Func<torch.Tensor[], long, torch.Tensor[]> runChunk, IReadOnlyList<torch.Tensor> inputs, IReadOnlyList<string> outputNames,
        BatchChunk chunk, List<torch.Tensor>[] parts)
    {
        // Everything made for this chunk is disposed when it has run; `made` owns it.
        var made = new List<torch.Tensor>();
        torch.Tensor[]? outputs = null;
        try
        {
            var chunkInputs = new torch.Tensor[inputs.Count];
            for (int i = 0; i < inputs.Count; i++)
                chunkInputs[i] = Slice(inputs[i], chunk, made);

            outputs = runChunk(chunkInputs, chunk.RunSize);
            if (outputs.Length != outputNames.Count)
                throw new InvalidOperationException(
                    $"A chunk run returned {outputs.Length} output(s), the model has {outputNames.Count} ({string.Join(", ", outputNames)}).");
            for (int o = 0; o < outputs.Length; o++)
            {
                long[] shape = outputs[o].shape;
                if (shape.Length == 0 || shape[0] != chunk.RunSize)
                    throw new InvalidOperationException(
                        $"Output '{outputNames[o]}' has shape {ShapeText.Of(shape)} for a chunk of {chunk.RunSize.ToString(CultureInfo.InvariantCulture)} rows: " +
                        "it is not batched along dimension 0, so a batch cannot be split into chunks for this model. Run it without a batch size limit " +
                        "(for a model with a fixed batch size: set SplitsFixedBatch to false and pass exactly that many rows).");
            }
            for (int o = 0; o < outputs.Length; o++)
            {
                // Keep only the real rows; the view holds the padded output's memory until concatenation.
                parts[o].Add(chunk.Padding == 0 ? outputs[o] : outputs[o].narrow(0, 0, chunk.Rows));
                if (chunk.Padding != 0) outputs[o].Dispose();
                outputs[o] = null!;
            }
        }
        finally
        {
            if (outputs is not null)
                foreach (torch.Tensor? output in outputs) output?.Dispose();
            for (int i = made.Count - 1; i >= 0; i--) made[i].Dispose();
        }
    }

    private static torch.Tensor Slice(torch.Tensor input, BatchChunk chunk, List<torch.Tensor> made)
    {
        torch.Tensor rows = input.narrow(0, chunk.Start, chunk.Rows);
        made.Add(rows);
        if (chunk.Padding == 0) return rows;

        long[] padShape = input.shape;
        padShape[0] = chunk.Padding;
        torch.Tensor zeros = torch.zeros(padShape, input.dtype, input.device);
        made.Add(zeros);
        torch.Tensor padded = torch.cat(new[] { rows, zeros }, 0);
        made.Add(padded);
        return padded;
    }

    private static torch.Tensor[] Concatenate(List<torch.Tensor>[] parts)
    {
        var results = new torch.Tensor[parts.Length];
        try
        {
            // torch.cat copies, also for one part: the result owns exactly its rows, never a padded buffer.
            for (int o = 0; o < parts.Length; o++) results[o] = torch.cat(parts[o], 0);
            return results;
        }
        catch
        {
            foreach (torch.Tensor? result in results) result?.Dispose();
            throw;
        }
    }
}
