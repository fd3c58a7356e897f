using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>Options from a dictionary, as the generated .editorconfig would give them.</summary>
internal sealed class TestAnalyzerConfigOptions : AnalyzerConfigOptions
{
    private readonly ImmutableDictionary<string, string> _values;

    public TestAnalyzerConfigOptions(IDictionary<string, string> values) =>
        _values = values.ToImmutableDictionary(KeyComparer);

    public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
}

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
