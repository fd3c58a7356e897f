using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>
/// The regression corpus: every input that ever broke a promise of <see cref="ReaderProbe"/>, in
/// <c>ReaderCorpus/</c> beside the tests, replayed by every test run. A fuzz run that finds a failure saves
/// the input there at once (<c>&lt;hash&gt;.onnx</c>, with what it is and what broke in <c>&lt;hash&gt;.txt</c>),
/// so the fix is committed together with the input that proves it.
/// </summary>
internal static class FuzzCorpus
{
    public static string Folder => Path.Combine(TestsFolder(), "ReaderCorpus");

    public static IReadOnlyList<string> Inputs =>
        Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.onnx").OrderBy(p => p, StringComparer.Ordinal).ToArray() : Array.Empty<string>();

    /// <summary>Saves <paramref name="input"/> (unless already there) and returns its path.</summary>
    public static string Save(byte[] input, string description)
    {
        Directory.CreateDirectory(Folder);
        string name = Convert.ToHexString(SHA256.HashData(input)).Substring(0, 16).ToLowerInvariant();
        string path = Path.Combine(Folder, name + ".onnx");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, input);
            File.WriteAllText(Path.Combine(Folder, name + ".txt"), description + "\n", new UTF8Encoding(false));
        }
        return path;
    }

    private static string TestsFolder([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
