using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OnnxTyped;

/// <summary>
/// How a batch of a given size is run under a maximum and a minimum batch size: either the inputs
/// go through unchanged in one call, or as a list of chunks, each padded with zero rows when it is
/// shorter than the minimum. Pure: no tensors, so every rule is unit-tested on numbers.
/// </summary>
/// <remarks>
/// The rules (a port of Roboflow inference-models' <c>run_onnx_session_with_batch_size_limit</c>):
/// <list type="bullet">
/// <item>No limit at all, or a batch that already fits (≤ max and ≥ min): one call on the inputs as given.</item>
/// <item>A batch larger than max: chunks of max rows; only the last can be shorter, and it is padded up to min.</item>
/// <item>A batch smaller than min (whether or not a max is given): one call on the inputs padded up to min.
/// The reference pads in this case too (its chunk loop runs once); without a max it ignores min, but a model that
/// needs min rows fails the same way with or without a max, so min is honoured on its own here as well.</item>
/// <item>An empty batch (0 rows) with a min: one call on min zero rows, all dropped, so outputs have 0 rows.</item>
/// </list>
/// </remarks>
internal sealed class BatchPlan
{
    private BatchPlan(BatchChunk[] chunks, bool passThrough)
    {
        Chunks = chunks;
        IsPassThrough = passThrough;
    }

    /// <summary>The runs in order; one chunk covering the whole batch without padding when <see cref="IsPassThrough"/>.</summary>
    public IReadOnlyList<BatchChunk> Chunks { get; }

    /// <summary>True when the inputs run unchanged in one call: no slicing, no padding, no concatenation.</summary>
    public bool IsPassThrough { get; }

    /// <summary>Plans a batch of <paramref name="batchSize"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1, the minimum exceeds the maximum, or the batch size is negative.</exception>
    public static BatchPlan Create(long batchSize, int? maxBatchSize, int? minBatchSize)
    {
        ValidateLimits(maxBatchSize, minBatchSize);
        if (batchSize < 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch size cannot be negative.");

        bool fitsMax = maxBatchSize is not int max || batchSize <= max;
        bool fitsMin = minBatchSize is not int min || batchSize >= min;
        if (fitsMax && fitsMin)
            return new BatchPlan(new[] { new BatchChunk(0, batchSize, 0) }, passThrough: true);
        if (fitsMax)
            return new BatchPlan(new[] { new BatchChunk(0, batchSize, minBatchSize!.Value - batchSize) }, passThrough: false);

        long step = maxBatchSize!.Value;
        var chunks = new List<BatchChunk>();
        for (long start = 0; start < batchSize; start += step)
        {
            long rows = Math.Min(step, batchSize - start);
            long padding = minBatchSize is int floor && rows < floor ? floor - rows : 0;
            chunks.Add(new BatchChunk(start, rows, padding));
        }
        return new BatchPlan(chunks.ToArray(), passThrough: false);
    }

    /// <summary>Throws when the limits themselves are unusable, before any input is looked at.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1, or the minimum exceeds the maximum.</exception>
    public static void ValidateLimits(int? maxBatchSize, int? minBatchSize)
    {
        if (maxBatchSize is int max && max < 1)
            throw new ArgumentOutOfRangeException(nameof(maxBatchSize), max,
                $"maxBatchSize must be at least 1, got {max}.");
        if (minBatchSize is int min && min < 1)
            throw new ArgumentOutOfRangeException(nameof(minBatchSize), min,
                $"minBatchSize must be at least 1, got {min}.");
        if (maxBatchSize is int upper && minBatchSize is int lower && lower > upper)
            throw new ArgumentOutOfRangeException(nameof(minBatchSize), lower,
                $"minBatchSize ({lower}) is greater than maxBatchSize ({upper}): no chunk could satisfy both.");
    }

    /// <summary>
    /// The batch size shared by every input: the size of dimension 0. Throws naming each scalar input,
    /// or, when sizes differ, every input with its batch size.
    /// </summary>
    /// <param name="names">Input names, in the same order as <paramref name="shapes"/>.</param>
    /// <param name="shapes">Each input's shape.</param>
    /// <exception cref="OnnxInputException">An input is a scalar (it has no batch dimension), or inputs have different batch sizes.</exception>
    public static long CommonBatchSize(IReadOnlyList<string> names, IReadOnlyList<long[]> shapes)
    {
        if (shapes.Count == 0)
            throw new ArgumentException("No inputs were given: the batch size is read from the inputs' dimension 0.", "inputs");
        for (int i = 0; i < shapes.Count; i++)
            if (shapes[i].Length == 0)
                throw new OnnxInputException(names[i], "a tensor with a batch dimension (rank ≥ 1)", "a scalar []",
                    $"Input '{names[i]}' is a scalar, so it cannot be split into batches along dimension 0: every input of a batched run " +
                    $"needs a batch dimension (batch sizes: {Describe(names, shapes)}).");

        long first = shapes[0][0];
        for (int i = 1; i < shapes.Count; i++)
            if (shapes[i][0] != first)
                throw new OnnxInputException(names[i], first.ToString(CultureInfo.InvariantCulture), shapes[i][0].ToString(CultureInfo.InvariantCulture),
                    $"Inputs have different batch sizes (dimension 0): {Describe(names, shapes)}. Every input of a batched run must have the same number of rows.");
        return first;
    }

    private static string Describe(IReadOnlyList<string> names, IReadOnlyList<long[]> shapes) =>
        string.Join(", ", Enumerable.Range(0, shapes.Count).Select(i =>
            $"'{names[i]}' {(shapes[i].Length == 0 ? "scalar" : shapes[i][0].ToString(CultureInfo.InvariantCulture))}"));
}
