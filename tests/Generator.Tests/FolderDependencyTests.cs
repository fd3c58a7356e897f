using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OnnxTyped.Generator.Tests.Infrastructure;
using Xunit;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The generator's folders depend on each other only as src/Generator/README.md says: the reader
/// on nothing, the emitter on the spec alone, Roslyn only where diagnostics and C# names are made.
/// Checked on the bound source, so a fully qualified name counts as much as a <c>using</c>.
/// </summary>
public sealed class FolderDependencyTests
{
    private const string Root = "OnnxTyped.Generator";

    private static readonly Lazy<CSharpCompilation> GeneratorSource = new(CompileGeneratorSource);

    [Theory]
    [InlineData("Reader", false, new[] { "Reader" })]
    [InlineData("Spec", true, new[] { "Spec", "" })]
    [InlineData("Parser", true, new[] { "Parser", "Reader", "Spec", "" })]
    [InlineData("Emitter", false, new[] { "Emitter", "Spec" })]
    public void FolderUsesOnlyWhatItMay(string folder, bool mayUseRoslyn, string[] generatorFolders)
    {
        // "" is the generator's root namespace: Diagnostics, TrackingNames and the pipeline.
        var allowed = new HashSet<string>(generatorFolders.Select(f => f.Length == 0 ? Root : Root + "." + f), StringComparer.Ordinal);
        CSharpCompilation compilation = GeneratorSource.Value;
        var violations = new List<string>();
        SyntaxTree[] trees = compilation.SyntaxTrees.Where(t => Path.GetFileName(Path.GetDirectoryName(t.FilePath)) == folder).ToArray();
        Assert.NotEmpty(trees);
        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                // Namespaces themselves (in namespace and using declarations) are not uses; what is taken from them is.
                if (model.GetSymbolInfo(name).Symbol is not { } symbol || symbol is INamespaceSymbol) continue;
                string ns = (symbol.ContainingType ?? symbol as ITypeSymbol)?.ContainingNamespace?.ToDisplayString() ?? symbol.ContainingNamespace?.ToDisplayString() ?? "";
                bool isRoslyn = ns.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal);
                bool isGenerator = ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal);
                if ((isRoslyn && !mayUseRoslyn) || (isGenerator && !allowed.Contains(ns)))
                    violations.Add($"{Path.GetFileName(tree.FilePath)}:{name.GetLocation().GetLineSpan().StartLinePosition.Line + 1} uses {ns}.{symbol.Name}");
            }
        }
        Assert.True(violations.Count == 0, $"{folder}/ uses what it may not:\n" + string.Join("\n", violations.Distinct()));
    }

    private static CSharpCompilation CompileGeneratorSource()
    {
        string folder = Path.Combine(RepoRoot(), "src", "Generator");
        IEnumerable<SyntaxTree> trees = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), path));
        string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        IEnumerable<MetadataReference> references = platform.Split(Path.PathSeparator)
            .Concat(new[] { typeof(Compilation).Assembly.Location, typeof(CSharpCompilation).Assembly.Location })
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        CSharpCompilation compilation = CSharpCompilation.Create("GeneratorSource", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable).WithSpecificDiagnosticOptions(AssemblyUnification.Quiet));
        // Names that do not bind would pass unchecked: the source must compile here as it does in its project.
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, string.Join("\n", errors.Take(10)));
        return compilation;
    }

    private static string RepoRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
