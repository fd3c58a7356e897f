using System;
using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped.Conformance;

/// <summary>
/// The regression gate: compares a run with the recorded one, test by test. Every recorded folder
/// must be in the data root and have run, every folder that ran must be recorded, each folder must
/// run the recorded number of tests under the recorded names, and no test may lose a pass it had. A
/// lost pass fails the gate even when another test gained one and the totals are unchanged; a
/// gained pass alone is reported, not failed.
/// </summary>
internal static class ConformanceGate
{
    /// <param name="recorded">The expected file.</param>
    /// <param name="run">This run's results.</param>
    /// <param name="dataRootFolders">The folders of the data root that hold tests, whether or not this run chose them.</param>
    public static GateVerdict Compare(RunRecord recorded, RunRecord run, IReadOnlyCollection<string> dataRootFolders)
    {
        var failures = new List<string>();
        var changes = new List<TestStateChange>();
        var folderLines = new List<string>();

        foreach ((string folder, FolderRecord expected) in recorded.Folders)
        {
            if (!run.Folders.TryGetValue(folder, out FolderRecord? actual))
            {
                failures.Add(NotRun(folder, expected, dataRootFolders));
                continue;
            }
            folderLines.Add($"{folder}: {actual.Tests} tests ({expected.Tests} recorded), typed {actual.TypedPassed} ({expected.TypedPassed} recorded), " +
                            $"torch-free {actual.TorchFreePassed} ({expected.TorchFreePassed} recorded), raw {actual.RawPassed} ({expected.RawPassed} recorded)");
            if (actual.Tests != expected.Tests)
                failures.Add($"{folder}: {actual.Tests} tests ran, {expected.Tests} recorded");
            foreach (string test in expected.Results.Keys.Where(t => !actual.Results.ContainsKey(t)))
                failures.Add($"{folder}/{test}: recorded, but did not run");
            foreach (string test in actual.Results.Keys.Where(t => !expected.Results.ContainsKey(t)))
                failures.Add($"{folder}/{test}: ran, but is not recorded");

            foreach ((string test, PassedColumns before) in expected.Results)
            {
                if (!actual.Results.TryGetValue(test, out PassedColumns now) || now == before) continue;
                var change = new TestStateChange(folder, test, before, now);
                changes.Add(change);
                if (change.Lost.Any) failures.Add(change.Describe());
            }
        }

        foreach ((string folder, FolderRecord actual) in run.Folders.Where(f => !recorded.Folders.ContainsKey(f.Key)))
            failures.Add($"{folder}: {actual.Tests} tests ran, but the folder is not recorded");

        return new GateVerdict(failures, changes, folderLines);
    }

    private static string NotRun(string folder, FolderRecord expected, IReadOnlyCollection<string> dataRootFolders)
    {
        string recorded = $"{folder}: recorded with {expected.Tests} tests, ";
        if (dataRootFolders.Contains(folder, StringComparer.Ordinal))
            return recorded + "but this run left it out (--folders)";
        // A key that differs only in case is the likeliest typo; folder names are compared exactly, as the file system does.
        string? sameLetters = dataRootFolders.FirstOrDefault(f => string.Equals(f, folder, StringComparison.OrdinalIgnoreCase));
        return recorded + "but the data root has no such folder" + (sameLetters is null ? "" : $" (names are case-sensitive: it has '{sameLetters}')");
    }
}
