namespace OnnxTyped.Conformance;

/// <summary>The result of one column (typed, torch-free or raw) for one test.</summary>
internal readonly record struct ColumnResult(bool Passed, string? Reason)
{
    public static ColumnResult Pass { get; } = new(true, null);

    public static ColumnResult Fail(string reason) => new(false, reason);
}
