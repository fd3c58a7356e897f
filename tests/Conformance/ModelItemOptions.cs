using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OnnxTyped.Conformance;

/// <summary>
/// The analyzer-config options the build would give the generator for one <c>OnnxModel</c> item:
/// what <c>src/Generator/build/OnnxTyped.props|targets</c> write into the generated .editorconfig.
/// </summary>
internal sealed class ModelItemOptions : AnalyzerConfigOptionsProvider
{
    private const string Metadata = "build_metadata.AdditionalFiles.";
    private static readonly AnalyzerConfigOptions None = new DictionaryOptions(new Dictionary<string, string>());
    private readonly string _modelPath;
    private readonly AnalyzerConfigOptions _modelOptions;

    public ModelItemOptions(string modelPath, string className, string @namespace, string targetPath, string rootNamespace)
    {
        _modelPath = modelPath;
        _modelOptions = new DictionaryOptions(new Dictionary<string, string>
        {
            [Metadata + "OnnxTypedModel"] = "true",
            [Metadata + "OnnxTypedClassName"] = className,
            [Metadata + "OnnxTypedNamespace"] = @namespace,
            [Metadata + "OnnxTypedTargetPath"] = targetPath,
        });
        GlobalOptions = new DictionaryOptions(new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace });
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == _modelPath ? _modelOptions : None;

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> _values;

        public DictionaryOptions(IDictionary<string, string> values) => _values = values.ToImmutableDictionary(KeyComparer);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
