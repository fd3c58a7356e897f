using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OnnxTyped.Generator.Parser;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="OnnxModelGenerator"/> through <see cref="CSharpGeneratorDriver"/> over real model
/// files, with the item metadata the targets would give, and compiles the result against the
/// runtime, TorchSharp and ONNX Runtime (both front-ends), or against the core alone (the typed front-end).
/// </summary>
internal static class GeneratorHarness
{
    public const string DefaultRootNamespace = "TestApp";

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() => LoadReferences(withTorch: true));
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyCoreReferences = new(() => LoadReferences(withTorch: false));

    /// <summary>Latest language, and doc comments checked (CS1570 and friends), as a project with GenerateDocumentationFile.</summary>
    public static readonly CSharpParseOptions ParseOptions =
        CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);

    /// <summary>The platform assemblies this test runs on, plus the runtime, TorchSharp and ONNX Runtime.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>The same without TorchSharp and the TorchSharp front-end (OnnxTyped.TorchSharp): a project on the core alone.</summary>
    public static ImmutableArray<MetadataReference> CoreReferences => LazyCoreReferences.Value;

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(References, sources);

    public static CSharpCompilation CreateCompilation(ImmutableArray<MetadataReference> references, params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable).WithSpecificDiagnosticOptions(AssemblyUnification.Quiet));

    /// <summary>
    /// A driver over the files of <paramref name="items"/>, with the metadata OnnxTyped.targets writes:
    /// one additional file per path, each value in base64 and the values of a file's items joined with '|'.
    /// </summary>
    public static GeneratorDriver CreateDriver(IEnumerable<ModelItem> items, string rootNamespace = DefaultRootNamespace, bool trackSteps = false)
    {
        var byPath = new Dictionary<string, AnalyzerConfigOptions>();
        var paths = new List<string>();
        foreach (IGrouping<string, ModelItem> file in items.GroupBy(item => item.Path))
        {
            paths.Add(file.Key);
            var values = new Dictionary<string, string>();
            if (file.First().IsModel)
            {
                values["build_metadata.AdditionalFiles.OnnxTypedModel"] = "true";
                values["build_metadata.AdditionalFiles.OnnxTypedEncoded"] = "true";
                values["build_metadata.AdditionalFiles.OnnxTypedClassName"] = Joined(file, item => EncodeAsMSBuildDoes(item.ClassName ?? ""));
                values["build_metadata.AdditionalFiles.OnnxTypedNamespace"] = Joined(file, item => EncodeAsMSBuildDoes(item.Namespace ?? ""));
                values["build_metadata.AdditionalFiles.OnnxTypedTargetPath"] = Joined(file, item => ModelItemMetadata.Encode(item.TargetPath ?? Path.GetFileName(item.Path)));
                values["build_metadata.AdditionalFiles.OnnxTypedSplitsFixedBatch"] = Joined(file, item => item.SplitsFixedBatch ? "true" : "false");
                values["build_metadata.AdditionalFiles.OnnxTypedBatchDim"] = Joined(file, item => EncodeAsMSBuildDoes(item.BatchDim ?? ""));
                values["build_metadata.AdditionalFiles.OnnxTypedMicroBatching"] = Joined(file, item => item.MicroBatching ? "true" : "false");
            }
            // Declared compiler-visible by OnnxTyped.props, so every file has the keys, empty unless Onnxify set them.
            values["build_metadata.AdditionalFiles.OnnxifyModelClassName"] = file.Select(item => item.OnnxifyClassName).FirstOrDefault(v => v is not null) ?? "";
            values["build_metadata.AdditionalFiles.OnnxifyModelNamespace"] = file.Select(item => item.OnnxifyNamespace).FirstOrDefault(v => v is not null) ?? "";
            values["build_metadata.AdditionalFiles.OnnxifyModelImportType"] = file.Select(item => item.OnnxifyImportType).FirstOrDefault(v => v is not null) ?? "";
            byPath[file.Key] = new TestAnalyzerConfigOptions(values);
        }
        var global = new TestAnalyzerConfigOptions(new Dictionary<string, string> { ["build_property.OnnxTypedRootNamespace"] = ModelItemMetadata.Encode(rootNamespace) });
        return CSharpGeneratorDriver.Create(
            new[] { new OnnxModelGenerator().AsSourceGenerator() },
            paths.Select(path => (AdditionalText)new FileAdditionalText(path)),
            ParseOptions,
            new TestAnalyzerConfigOptionsProvider(global, byPath),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
    }

    private static string Joined(IEnumerable<ModelItem> items, Func<ModelItem, string> encodedValue) =>
        string.Join(ModelItemMetadata.ItemSeparator.ToString(), items.Select(encodedValue));

    /// <summary>
    /// What <c>$([MSBuild]::ConvertToBase64('%(...)'))</c> in OnnxTyped.targets gives for metadata written in the
    /// project (ClassName, Namespace): the base64, or, for a value with a quote, the expression left as it is
    /// (MSBuild pastes the value in before parsing the call; MSBuildTests sees the same in a real build). The
    /// copy path is a task's output, which MSBuild keeps escaped, so it always encodes.
    /// </summary>
    private static string EncodeAsMSBuildDoes(string value) =>
        value.Contains('\'', StringComparison.Ordinal) ? $"$([MSBuild]::ConvertToBase64('{value}'))" : ModelItemMetadata.Encode(value);

    /// <summary>
    /// Runs the generator over an empty consumer project, then again over a clone of it: every
    /// scenario also proves that nothing is read or generated twice and that only plain data is cached.
    /// </summary>
    public static GeneratorOutcome Run(IEnumerable<ModelItem> items, string rootNamespace = DefaultRootNamespace) =>
        Run(items, CreateCompilation("internal static class Consumer { }"), rootNamespace);

    /// <summary>The same over <paramref name="compilation"/>: other references, or consumer code using the generated classes.</summary>
    public static GeneratorOutcome Run(IEnumerable<ModelItem> items, CSharpCompilation compilation, string rootNamespace = DefaultRootNamespace)
    {
        GeneratorDriver driver = CreateDriver(items, rootNamespace, trackSteps: true);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorDriverRunResult first = driver.GetRunResult();
        GeneratorDriverRunResult second = driver.RunGenerators(compilation.Clone()).GetRunResult();
        IncrementalAssert.CachedValuesArePlainData(first.Results.Single());
        IncrementalAssert.SecondRunIsCached(first.Results.Single(), second.Results.Single());
        return new GeneratorOutcome(first, output, diagnostics);
    }

    public static GeneratorOutcome Run(params ModelItem[] items) => Run((IEnumerable<ModelItem>)items);

    private static ImmutableArray<MetadataReference> LoadReferences(bool withTorch)
    {
        string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        IEnumerable<string> paths = platform.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                        || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Concat(new[]
            {
                typeof(OnnxTyped.ModelSignature).Assembly.Location,
                typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.Location,
                typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location,
            })
            .Concat(withTorch ? new[] { typeof(OnnxTyped.BoundSession).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location } : Array.Empty<string>());
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
