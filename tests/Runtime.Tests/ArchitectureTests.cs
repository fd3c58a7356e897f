using System;
using System.IO;
using System.Linq;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>The promises docs/architecture.md makes about the source tree, checked on the tree itself.</summary>
public sealed class ArchitectureTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    [Fact]
    public void TheCore_ReferencesNoTorchSharp()
    {
        string[] references = typeof(ModelSignature).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();
        Assert.Equal("OnnxTyped.Core", typeof(ModelSignature).Assembly.GetName().Name);
        Assert.Contains("Microsoft.ML.OnnxRuntime", references);
        Assert.DoesNotContain(references, name => name.StartsWith("TorchSharp", StringComparison.Ordinal));
    }

    [Fact]
    public void TheArchitecturePage_NamesEveryFolderUnderSrc()
    {
        string page = File.ReadAllText(Path.Combine(RepoRoot, "docs", "architecture.md"));
        string src = Path.Combine(RepoRoot, "src");
        string[] missing = SourceFolders(src)
            .Where(folder => !page.Contains("`" + Path.GetFileName(folder) + "/`", StringComparison.Ordinal)
                             && !page.Contains("`src/" + Path.GetRelativePath(src, folder) + "`", StringComparison.Ordinal))
            .Select(folder => Path.GetRelativePath(RepoRoot, folder))
            .ToArray();
        Assert.True(missing.Length == 0, "docs/architecture.md does not name: " + string.Join(", ", missing));
    }

    [Fact]
    public void NoSourceFile_IsOver300Lines()
    {
        string[] tooLong = SourceFolders(Path.Combine(RepoRoot, "src"))
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs"))
            .Select(file => (File: Path.GetRelativePath(RepoRoot, file), Lines: File.ReadLines(file).Count()))
            .Where(f => f.Lines > 300)
            .Select(f => $"{f.File} ({f.Lines} lines)")
            .ToArray();
        Assert.True(tooLong.Length == 0, "over 300 lines: " + string.Join(", ", tooLong));
    }

    // Every folder below src/, build output excluded.
    private static string[] SourceFolders(string src) =>
        Directory.EnumerateDirectories(src, "*", SearchOption.AllDirectories)
            .Where(d => !Path.GetRelativePath(src, d).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToArray();

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OnnxTyped.sln"))) return dir.FullName;
        throw new InvalidOperationException("OnnxTyped.sln not found above " + AppContext.BaseDirectory);
    }
}
