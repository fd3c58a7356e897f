using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>Global options plus per-additional-file options keyed by path.</summary>
internal sealed class TestAnalyzerConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly AnalyzerConfigOptions None = new TestAnalyzerConfigOptions(new Dictionary<string, string>());
    private readonly IReadOnlyDictionary<string, AnalyzerConfigOptions> _byPath;

    public TestAnalyzerConfigOptionsProvider(AnalyzerConfigOptions global, IReadOnlyDictionary<string, AnalyzerConfigOptions> byPath)
    {
        GlobalOptions = global;
        _byPath = byPath;
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _byPath.TryGetValue(textFile.Path, out AnalyzerConfigOptions? options) ? options : None;
}
