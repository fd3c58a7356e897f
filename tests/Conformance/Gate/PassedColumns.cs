using System.IO;

namespace OnnxTyped.Conformance;

/// <summary>
/// Which columns one test passes. In <c>expected-totals.json</c> it is written <c>"typed raw"</c>,
/// <c>"typed"</c>, <c>"raw"</c> or <c>"none"</c>.
/// </summary>
internal readonly record struct PassedColumns(bool Typed, bool Raw)
{
    public static PassedColumns None { get; } = new(false, false);

    public static PassedColumns Both { get; } = new(true, true);

    /// <summary>True when at least one column passes.</summary>
    public bool Any => Typed || Raw;

    /// <summary>The form written in the expected file.</summary>
    public string Text => (Typed, Raw) switch
    {
        (true, true) => "typed raw",
        (true, false) => "typed",
        (false, true) => "raw",
        _ => "none",
    };

    /// <summary>For messages: <c>typed</c>, <c>raw</c>, <c>typed and raw</c>.</summary>
    public string Describe() => Typed && Raw ? "typed and raw" : Text;

    /// <summary>The columns passed here and not in <paramref name="other"/>.</summary>
    public PassedColumns Except(PassedColumns other) => new(Typed && !other.Typed, Raw && !other.Raw);

    /// <exception cref="InvalidDataException">Not one of the four written forms.</exception>
    public static PassedColumns Parse(string text) => text switch
    {
        "typed raw" => Both,
        "typed" => new(true, false),
        "raw" => new(false, true),
        "none" => None,
        _ => throw new InvalidDataException($"'{text}' is not a result: write \"typed raw\", \"typed\", \"raw\" or \"none\""),
    };
}
