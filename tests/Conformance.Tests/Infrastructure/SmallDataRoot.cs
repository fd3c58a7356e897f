using System;
using System.IO;

namespace OnnxTyped.Conformance.Tests;

/// <summary>
/// A data root in a temporary folder with three tests of <c>node</c> copied from libonnx-testdata:
/// <c>test_abs</c> and <c>test_neg</c> pass in every column, <c>test_max_int16</c> fails in every one
/// (ONNX Runtime has no int16 Max kernel).
/// </summary>
public sealed class SmallDataRoot : IDisposable
{
    private const string Installed = "/usr/share/libonnx-testdata/data";

    public SmallDataRoot()
    {
        if (!Directory.Exists(Installed))
            throw new InvalidOperationException($"'{Installed}' does not exist: install the Debian package libonnx-testdata.");
        Folder = Directory.CreateTempSubdirectory("conformance-gate-").FullName;
        Root = Path.Combine(Folder, "data");
        foreach (string test in new[] { "test_abs", "test_neg", "test_max_int16" })
            Copy(Path.Combine(Installed, "node", test), Path.Combine(Root, "node", test));
    }

    /// <summary>The temporary folder; holds <see cref="Root"/> and the tests' expected files.</summary>
    public string Folder { get; }

    /// <summary>The data root to pass as <c>--root</c>.</summary>
    public string Root { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string dir in Directory.GetDirectories(from)) Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
