using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace OnnxTyped.Conformance;

/// <summary>Finds the test folders under a data root: <c>ROOT/GROUP/TEST/model.onnx</c> with <c>test_data_set_*</c> beside it.</summary>
internal static class TestDiscovery
{
    /// <summary>
    /// The tests of the given groups (all groups when <paramref name="folders"/> is empty), in
    /// folder then test name order. Folders without a <c>model.onnx</c> (the data root's <c>real/</c>
    /// has only download descriptions) are returned in <paramref name="skipped"/>.
    /// </summary>
    public static IReadOnlyList<ConformanceTest> Find(string root, IReadOnlyCollection<string> folders, out IReadOnlyList<string> skipped)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The data root '{root}' does not exist (install the Debian package libonnx-testdata, or pass --root).");
        var tests = new List<ConformanceTest>();
        var withoutModel = new List<string>();
        IEnumerable<string> groups = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().OrderBy(g => g, StringComparer.Ordinal);
        foreach (string group in groups)
        {
            if (folders.Count > 0 && !folders.Contains(group)) continue;
            foreach (string dir in Directory.GetDirectories(Path.Combine(root, group)).OrderBy(d => d, StringComparer.Ordinal))
            {
                string name = Path.GetFileName(dir);
                string model = Path.Combine(dir, "model.onnx");
                if (!File.Exists(model))
                {
                    withoutModel.Add(group + "/" + name);
                    continue;
                }
                DataSet[] dataSets = Directory.GetDirectories(dir, "test_data_set_*")
                    .OrderBy(d => d, StringComparer.Ordinal)
                    .Select(d => new DataSet(Path.GetFileName(d), Indexed(d, "input_"), Indexed(d, "output_")))
                    .ToArray();
                tests.Add(new ConformanceTest(group, name, model, dataSets));
            }
        }
        skipped = withoutModel;
        return tests;
    }

    // input_0.pb, input_1.pb, ... input_10.pb in numeric order.
    private static IReadOnlyList<string> Indexed(string dir, string prefix) =>
        Directory.GetFiles(dir, prefix + "*.pb")
            .Select(f => (File: f, Index: int.TryParse(Path.GetFileNameWithoutExtension(f).AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue))
            .OrderBy(f => f.Index)
            .Select(f => f.File)
            .ToArray();
}
