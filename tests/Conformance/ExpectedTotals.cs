using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace OnnxTyped.Conformance;

/// <summary>
/// The regression gate: the typed and raw passes recorded per folder in a small JSON file
/// (<c>tests/Conformance/expected-totals.json</c>), which a run must not fall below.
/// </summary>
internal static class ExpectedTotals
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    /// <summary>One entry of the file.</summary>
    public sealed record Entry(int Tests, int Typed, int Raw);

    public static void Write(string path, IReadOnlyList<FolderTotals> totals)
    {
        Dictionary<string, Entry> entries = totals.ToDictionary(t => t.Folder, t => new Entry(t.Tests, t.TypedPassed, t.RawPassed));
        File.WriteAllText(path, JsonSerializer.Serialize(entries, Json) + "\n");
    }

    /// <summary>Every way this run falls short of the recorded totals (folders not run are not checked).</summary>
    public static IReadOnlyList<string> Regressions(string path, IReadOnlyList<FolderTotals> totals)
    {
        Dictionary<string, Entry> expected = JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"'{path}' holds no totals");
        var problems = new List<string>();
        bool allFolders = expected.Keys.Where(k => k != "total").All(k => totals.Any(t => t.Folder == k));
        foreach (FolderTotals actual in totals)
        {
            if (actual.Folder == "total" && !allFolders) continue;
            if (!expected.TryGetValue(actual.Folder, out Entry? recorded)) continue;
            if (actual.TypedPassed < recorded.Typed)
                problems.Add($"{actual.Folder}: typed {actual.TypedPassed}/{actual.Tests} passed, {recorded.Typed} recorded");
            if (actual.RawPassed < recorded.Raw)
                problems.Add($"{actual.Folder}: raw {actual.RawPassed}/{actual.Tests} passed, {recorded.Raw} recorded");
        }
        return problems;
    }
}
