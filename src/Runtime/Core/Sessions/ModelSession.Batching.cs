using System;

namespace OnnxTyped;

// The batch size limits of a ModelSession: how Run (of either front-end) splits and pads along dimension 0.
public sealed partial class ModelSession
{
    private int? _maxBatchSize;
    private int? _minBatchSize;

    /// <summary>
    /// For a model that fixes its batch size (<see cref="ModelSignature.StaticBatchSize"/>): whether <c>Run</c> takes any
    /// number of rows, split into chunks of that size and padded with zeros, or only exactly that many (the default). Off by
    /// default because it is right only when the model's first dimension is a batch: for a model whose first dimension is
    /// something else (for example a softmax over axis 0), splitting computes other numbers than the model would. Turn it on
    /// for a batched model. Always <see langword="false"/> for models without a fixed batch size.
    /// </summary>
    public bool SplitsFixedBatch
    {
        get => Signature.StaticBatchSize is not null && _maxBatchSize is not null;
        set
        {
            if (Signature.StaticBatchSize is not long fixedBatch || fixedBatch > int.MaxValue) return;
            _maxBatchSize = _minBatchSize = value ? (int)fixedBatch : null;
        }
    }

    /// <summary>
    /// The most rows (dimension 0) one model run takes: larger batches are split into chunks of this size, run one after
    /// the other, and the outputs concatenated. <see langword="null"/> (the default for models with a symbolic batch
    /// dimension) runs any batch at once. For a model that fixes its batch size (see <see cref="ModelSignature.StaticBatchSize"/>)
    /// it is that size and cannot be changed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1, or below <see cref="MinBatchSize"/>.</exception>
    /// <exception cref="InvalidOperationException">Set on a model with a fixed batch size.</exception>
    public int? MaxBatchSize
    {
        get => _maxBatchSize;
        set
        {
            EnsureBatchLimitsCanChange();
            BatchPlan.ValidateLimits(value, _minBatchSize);
            _maxBatchSize = value;
        }
    }

    /// <summary>
    /// The fewest rows one model run takes: a shorter batch or last chunk is padded with zeros up to it, and the padded
    /// rows are dropped from the outputs. <see langword="null"/> by default; for a model with a fixed batch size it is that size.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1, or above <see cref="MaxBatchSize"/>.</exception>
    /// <exception cref="InvalidOperationException">Set on a model with a fixed batch size.</exception>
    public int? MinBatchSize
    {
        get => _minBatchSize;
        set
        {
            EnsureBatchLimitsCanChange();
            BatchPlan.ValidateLimits(_maxBatchSize, value);
            _minBatchSize = value;
        }
    }

    /// <summary>The limits one call runs under, read once at its start (a concurrent change applies to later calls).</summary>
    internal BatchLimits BatchLimits => new(_maxBatchSize, _minBatchSize);

    private void EnsureBatchLimitsCanChange()
    {
        if (Signature.StaticBatchSize is long fixedBatch)
            throw new InvalidOperationException(
                $"The model fixes its batch size to {fixedBatch}: every run takes exactly {fixedBatch} rows, so the batch size limits cannot be changed " +
                $"(set {nameof(SplitsFixedBatch)} to false to accept only batches of exactly {fixedBatch}).");
    }
}
