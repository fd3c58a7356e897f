namespace OnnxTyped;

// The batch size limits of a BoundSession: its Model's, shared with the typed front-end.
public sealed partial class BoundSession
{
    /// <inheritdoc cref="ModelSession.SplitsFixedBatch"/>
    public bool SplitsFixedBatch
    {
        get => Model.SplitsFixedBatch;
        set => Model.SplitsFixedBatch = value;
    }

    /// <inheritdoc cref="ModelSession.MaxBatchSize"/>
    public int? MaxBatchSize
    {
        get => Model.MaxBatchSize;
        set => Model.MaxBatchSize = value;
    }

    /// <inheritdoc cref="ModelSession.MinBatchSize"/>
    public int? MinBatchSize
    {
        get => Model.MinBatchSize;
        set => Model.MinBatchSize = value;
    }
}
