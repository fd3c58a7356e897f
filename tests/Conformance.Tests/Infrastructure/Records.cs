using System.Linq;
using System.Collections.Generic;

namespace OnnxTyped.Conformance.Tests;

/// <summary>Short ways to write the records the gate compares.</summary>
internal static class Records
{
    /// <summary>A folder's results, each written as in the expected file: <c>("test_abs", "typed torch-free raw")</c>.</summary>
    public static FolderRecord Folder(params (string Test, string Passed)[] results) =>
        new(results.Select(r => KeyValuePair.Create(r.Test, PassedColumns.Parse(r.Passed))));

    public static RunRecord Run(params (string Folder, FolderRecord Results)[] folders) =>
        new(folders.Select(f => KeyValuePair.Create(f.Folder, f.Results)));
}
