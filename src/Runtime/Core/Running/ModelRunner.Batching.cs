using System;
using System.Collections.Generic;
using System.Globalization;

namespace OnnxTyped;

// A call under batch size limits: the batch split into chunks and padded as BatchPlan says, each chunk run as one call,
// the padded rows dropped and every output joined along dimension 0. For every front-end alike; only cutting and joining
// rows is the front-end's.
internal sealed partial class ModelRunner<TTensor, TFrontEnd>
{
    private readonly long[][] _runShapes;   // per input: its shape in the current chunk (dimension 0 the chunk's run size)

    // The whole batch was checked with dimension 0 left out; each run checks only dimension 0, which is all a chunk changes.
    private TTensor[] RunInBatches(ReadOnlySpan<TTensor> inputs, bool allowEmpty, BatchLimits limits, long[]?[]? given)
    {
        ModelSignature signature = _plan.Signature;
        long batchSize = BatchPlan.CommonBatchSize(signature.InputNames, _inputShapes);
        if (given is not null) CheckWholeBatchShapes(given, batchSize);
        BatchPlan plan = BatchPlan.Create(batchSize, limits.Max, limits.Min);
        if (plan.IsPassThrough)
        {
            InputChecks.CheckRows(signature, _inputShapes, batchSize, allowEmpty);
            CheckGivenShapes(given);
            return RunRetrying(inputs, _inputShapes, given);
        }

        IReadOnlyList<BatchChunk> chunks = plan.Chunks;
        var parts = new List<TTensor>[signature.Outputs.Count];
        var partShapes = new List<long[]>[parts.Length];
        for (int o = 0; o < parts.Length; o++)
        {
            parts[o] = new List<TTensor>(chunks.Count);
            partShapes[o] = new List<long[]>(chunks.Count);
        }
        try
        {
            foreach (BatchChunk chunk in chunks) RunChunk(inputs, chunk, allowEmpty, given, parts, partShapes);
            return Concatenate(parts, partShapes, chunks);
        }
        finally
        {
            foreach (List<TTensor> list in parts)
                foreach (TTensor part in list) part.Dispose();
        }
    }

    private void RunChunk(ReadOnlySpan<TTensor> inputs, BatchChunk chunk, bool allowEmpty, long[]?[]? given, List<TTensor>[] parts, List<long[]>[] partShapes)
    {
        ModelSignature signature = _plan.Signature;
        InputChecks.CheckRows(signature, _inputShapes, chunk.RunSize, allowEmpty);
        for (int i = 0; i < _runShapes.Length; i++)
        {
            long[] shape = _runShapes[i] = (long[])_inputShapes[i].Clone();
            shape[0] = chunk.RunSize;
        }
        // Everything made for this chunk is disposed when it has run.
        var chunkInputs = new TTensor[inputs.Length];
        TTensor[]? outputs = null;
        try
        {
            for (int i = 0; i < inputs.Length; i++)
                chunkInputs[i] = _frontEnd.Rows(inputs[i], _inputShapes[i], signature.Inputs[i], chunk.Start, chunk.Rows, chunk.Padding);
            outputs = RunRetrying(chunkInputs, _runShapes, ForRun(given, chunk.RunSize));
            for (int o = 0; o < outputs.Length; o++)
            {
                long[] shape = _shapes[o]!;
                if (shape.Length == 0 || shape[0] != chunk.RunSize)
                    throw new InvalidOperationException(
                        $"Output '{signature.Outputs[o].Name}' has shape {ShapeText.Of(shape)} for a chunk of {chunk.RunSize.ToString(CultureInfo.InvariantCulture)} rows: " +
                        "it is not batched along dimension 0, so a batch cannot be split into chunks for this model. Run it without a batch size limit " +
                        "(for a model with a fixed batch size: set SplitsFixedBatch to false and pass exactly that many rows).");
            }
            for (int o = 0; o < outputs.Length; o++)
            {
                parts[o].Add(outputs[o]);
                partShapes[o].Add((long[])_shapes[o]!.Clone());
                outputs[o] = null!;
            }
        }
        finally
        {
            if (outputs is not null)
                foreach (TTensor? output in outputs)
                    if (output is not null) output.Dispose();
            foreach (TTensor? input in chunkInputs)
                if (input is not null) input.Dispose();
        }
    }

    private TTensor[] Concatenate(List<TTensor>[] parts, List<long[]>[] partShapes, IReadOnlyList<BatchChunk> chunks)
    {
        var kept = new long[chunks.Count];
        for (int c = 0; c < kept.Length; c++) kept[c] = chunks[c].Rows;
        for (int o = 0; o < parts.Length; o++) CheckPartsAlike(o, partShapes[o]);
        var results = new TTensor?[parts.Length];
        try
        {
            for (int o = 0; o < parts.Length; o++)
                results[o] = _frontEnd.Concatenate(parts[o], partShapes[o], kept, _plan.Signature.Outputs[o]);
            return results!;
        }
        catch
        {
            foreach (TTensor? result in results)
                if (result is not null) result.Dispose();
            throw;
        }
    }

    // Chunks join along dimension 0 only: an output whose other dimensions change from chunk to chunk (they follow the
    // values, or the padding) has no whole-batch shape.
    private void CheckPartsAlike(int output, List<long[]> shapes)
    {
        for (int c = 1; c < shapes.Count; c++)
        {
            if (shapes[c].AsSpan(1).SequenceEqual(shapes[0].AsSpan(1))) continue;
            throw new InvalidOperationException(
                $"Output '{_plan.Signature.Outputs[output].Name}' has shape {ShapeText.Of(shapes[0])} in the first chunk and {ShapeText.Of(shapes[c])} in chunk {c + 1}: " +
                "beyond dimension 0 its shape changes from chunk to chunk, so the chunks cannot be put back together. Run it without a batch size limit.");
        }
    }

    // Output shapes given for the whole batch describe it: dimension 0 is the batch size, replaced by each run's size.
    private void CheckWholeBatchShapes(long[]?[] given, long batchSize)
    {
        for (int o = 0; o < given.Length; o++)
        {
            if (given[o] is not long[] shape || (shape.Length > 0 && shape[0] == batchSize)) continue;
            string name = _plan.Signature.Outputs[o].Name;
            throw new OnnxOutputException(name,
                $"The shape given for output '{name}' is {ShapeText.Of(shape)}, but with a batch size limit output shapes describe " +
                $"the whole batch: dimension 0 must be the batch size, {batchSize.ToString(CultureInfo.InvariantCulture)}.",
                GivenShapesParameter);
        }
    }

    private long[]?[]? ForRun(long[]?[]? given, long runSize)
    {
        if (given is null) return null;
        var run = new long[]?[given.Length];
        for (int o = 0; o < run.Length; o++)
        {
            if (given[o] is not long[] shape) continue;
            run[o] = (long[])shape.Clone();
            run[o]![0] = runSize;
        }
        CheckGivenShapes(run);
        return run;
    }
}
