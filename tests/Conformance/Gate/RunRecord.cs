using System;
using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped.Conformance;

/// <summary>
/// Which columns pass for every test of a run, by folder: what <c>expected-totals.json</c> records
/// (see <see cref="RunRecordJson"/>) and what the gate compares a run with (see <see cref="ConformanceGate"/>).
/// </summary>
internal sealed class RunRecord
{
    /// <summary>The record of a run's results, given as (folder, test name, columns passed).</summary>
    public static RunRecord Of(IEnumerable<(string Folder, string Test, PassedColumns Passed)> results) => new(
        results.GroupBy(r => r.Folder, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, new FolderRecord(g.Select(r => KeyValuePair.Create(r.Test, r.Passed))))));

    public RunRecord(IEnumerable<KeyValuePair<string, FolderRecord>> folders) => Folders = OrdinalDictionary.From(folders, "folder");

    /// <summary>By folder name, in ordinal order.</summary>
    public IReadOnlyDictionary<string, FolderRecord> Folders { get; }
}
