namespace OnnxTyped;

/// <summary>The batch size limits of one call: at most <see cref="Max"/> and at least <see cref="Min"/> rows per run; null for no limit.</summary>
internal readonly record struct BatchLimits(int? Max, int? Min)
{
    /// <summary>Whether a limit is set, so the batch may be split or padded.</summary>
    public bool Any => Max is not null || Min is not null;
}
