using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// Compares generated files with reviewed baselines in <c>Baselines/&lt;scenario&gt;/&lt;hint name&gt;.txt</c>
/// beside the tests: first the set of files, then each file. On a mismatch the received text is
/// written next to the baseline (<c>*.received.txt</c>, ignored by git) and the test fails with the
/// first differing lines. <c>ONNXTYPED_UPDATE_BASELINES=1</c> rewrites the baselines instead.
/// The generator's version is replaced by <see cref="VersionPlaceholder"/> on both sides, so a
/// new version does not rewrite every baseline.
/// </summary>
internal static class Baseline
{
    public const string UpdateVariable = "ONNXTYPED_UPDATE_BASELINES";

    public const string VersionPlaceholder = "{GeneratorVersion}";

    private static readonly string GeneratorVersion = typeof(OnnxModelGenerator).Assembly.GetName().Version!.ToString();

    public static void Verify(string scenario, IReadOnlyList<(string HintName, string Text)> generated, [CallerFilePath] string callerPath = "")
    {
        (string HintName, string Text)[] sources = generated.Select(s => (s.HintName, ScrubVersion(s.Text))).ToArray();
        string folder = Path.Combine(Path.GetDirectoryName(callerPath)!, "Baselines", scenario);
        bool update = Environment.GetEnvironmentVariable(UpdateVariable) == "1";
        if (update)
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            foreach ((string hintName, string text) in sources) File.WriteAllText(Path.Combine(folder, hintName + ".txt"), text, new UTF8Encoding(false));
            return;
        }

        string[] expectedFiles = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.txt").Select(Path.GetFileName).Where(f => !f!.Contains(".received.", StringComparison.Ordinal)).Select(f => f!).OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();
        string[] actualFiles = sources.Select(s => s.HintName + ".txt").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (!expectedFiles.SequenceEqual(actualFiles))
        {
            Directory.CreateDirectory(folder);
            foreach ((string hintName, string text) in sources) File.WriteAllText(Path.Combine(folder, hintName + ".received.txt"), text, new UTF8Encoding(false));
            Assert.Fail($"Generated files for '{scenario}' differ from the baselines in {folder}.\nExpected: {string.Join(", ", expectedFiles)}\nActual:   {string.Join(", ", actualFiles)}\nSet {UpdateVariable}=1 to accept.");
        }

        foreach ((string hintName, string text) in sources)
        {
            string baselinePath = Path.Combine(folder, hintName + ".txt");
            string expected = File.ReadAllText(baselinePath).Replace("\r\n", "\n");
            string receivedPath = Path.Combine(folder, hintName + ".received.txt");
            if (expected == text)
            {
                if (File.Exists(receivedPath)) File.Delete(receivedPath);
                continue;
            }
            File.WriteAllText(receivedPath, text, new UTF8Encoding(false));
            Assert.Fail($"'{hintName}' differs from its baseline {baselinePath} (received: {receivedPath}).\n{FirstDifference(expected, text)}\nSet {UpdateVariable}=1 to accept after review.");
        }
    }

    /// <summary>The text with the version in <c>[GeneratedCode("OnnxTyped.Generator", "...")]</c> replaced by the placeholder.</summary>
    private static string ScrubVersion(string text) =>
        text.Replace(GeneratedCodeArguments(GeneratorVersion), GeneratedCodeArguments(VersionPlaceholder), StringComparison.Ordinal);

    private static string GeneratedCodeArguments(string version) => $"GeneratedCode(\"OnnxTyped.Generator\", \"{version}\")";

    private static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string? el = i < e.Length ? e[i] : null;
            string? al = i < a.Length ? a[i] : null;
            if (el != al)
            {
                var sb = new StringBuilder($"First difference at line {i + 1}:\n");
                for (int j = i; j < Math.Min(i + 5, Math.Max(e.Length, a.Length)); j++)
                {
                    sb.Append("- ").AppendLine(j < e.Length ? e[j] : "<end>");
                    sb.Append("+ ").AppendLine(j < a.Length ? a[j] : "<end>");
                }
                return sb.ToString();
            }
        }
        return "(no line differs; line endings or trailing text differ)";
    }
}
