using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped.Conformance;

/// <summary>The counts of one folder of the data root (or of all of them).</summary>
internal sealed record FolderTotals(string Folder, int Tests, int Classes, int Diagnostics, int GeneratorFailures, int TypedPassed, int TorchFreePassed, int RawPassed)
{
    public static FolderTotals Of(string folder, IReadOnlyCollection<TestOutcome> outcomes) => new(
        folder,
        outcomes.Count,
        outcomes.Count(o => o.Generator == GeneratorStatus.Class),
        outcomes.Count(o => o.Generator == GeneratorStatus.Diagnostic),
        outcomes.Count(o => o.Generator == GeneratorStatus.Failure),
        outcomes.Count(o => o.Typed.Passed),
        outcomes.Count(o => o.TorchFree.Passed),
        outcomes.Count(o => o.Raw.Passed));

    /// <summary>One entry per folder in first-seen order, then <c>total</c>.</summary>
    public static IReadOnlyList<FolderTotals> PerFolder(IReadOnlyList<TestOutcome> outcomes)
    {
        var rows = outcomes.GroupBy(o => o.Test.Folder).Select(g => Of(g.Key, g.ToList())).ToList();
        rows.Add(Of("total", outcomes.ToList()));
        return rows;
    }
}
