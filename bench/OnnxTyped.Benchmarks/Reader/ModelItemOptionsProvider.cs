using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OnnxTyped.Benchmarks.Reader;

/// <summary>
/// The options OnnxTyped.targets gives the compiler for <c>OnnxModel</c> items: every additional file is a
/// model of the given class, in the benchmark's root namespace.
/// </summary>
internal sealed class ModelItemOptionsProvider : AnalyzerConfigOptionsProvider
{
    private const string Prefix = "build_metadata.AdditionalFiles.";
    private static readonly AnalyzerConfigOptions NoOptions = new DictionaryAnalyzerConfigOptions(new Dictionary<string, string>());
    private readonly string _className;

    public ModelItemOptionsProvider(string className) => _className = className;

    public override AnalyzerConfigOptions GlobalOptions { get; } =
        new DictionaryAnalyzerConfigOptions(new Dictionary<string, string> { ["build_property.RootNamespace"] = "ReaderBenchmark" });

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => NoOptions;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new DictionaryAnalyzerConfigOptions(new Dictionary<string, string>
    {
        [Prefix + "OnnxTypedModel"] = "true",
        [Prefix + "OnnxTypedClassName"] = _className,
        [Prefix + "OnnxTypedNamespace"] = "",
        [Prefix + "OnnxTypedTargetPath"] = System.IO.Path.GetFileName(textFile.Path),
    });
}
