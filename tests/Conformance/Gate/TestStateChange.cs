namespace OnnxTyped.Conformance;

/// <summary>A test whose result differs from the recorded one.</summary>
internal sealed record TestStateChange(string Folder, string Test, PassedColumns Recorded, PassedColumns Now)
{
    /// <summary><c>node/test_abs</c>.</summary>
    public string Id => Folder + "/" + Test;

    /// <summary>The columns it passed in the recorded run and fails now: each one fails the gate.</summary>
    public PassedColumns Lost => Recorded.Except(Now);

    /// <summary>The columns it fails in the recorded run and passes now: reported, to be re-recorded.</summary>
    public PassedColumns Gained => Now.Except(Recorded);

    /// <summary><c>node/test_abs lost its typed pass (recorded: typed torch-free raw, now: torch-free raw)</c>.</summary>
    public string Describe()
    {
        string what = (Lost.Any, Gained.Any) switch
        {
            (true, true) => $"lost its {Passes(Lost)} and gained its {Passes(Gained)}",
            (true, false) => $"lost its {Passes(Lost)}",
            _ => $"gained its {Passes(Gained)}",
        };
        return $"{Id} {what} (recorded: {Recorded.Text}, now: {Now.Text})";
    }

    private static string Passes(PassedColumns columns) => columns.Describe() + (columns.Count > 1 ? " passes" : " pass");
}
