using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OnnxTyped.Benchmarks.Reader;

/// <summary>Analyzer config options from a dictionary: what the generated .editorconfig would say for one file.</summary>
internal sealed class DictionaryAnalyzerConfigOptions : AnalyzerConfigOptions
{
    private readonly IReadOnlyDictionary<string, string> _values;

    public DictionaryAnalyzerConfigOptions(IReadOnlyDictionary<string, string> values) => _values = values;

    public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
}
