using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OnnxTyped.Generator.Emitter;
using OnnxTyped.Generator.Parser;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator;

/// <summary>
/// Generates one typed class per <c>OnnxModel</c> or <c>OnnxTypedModel</c> item of a project. This file is the pipeline only:
/// the parser turns each model file into a spec (the reader underneath it decodes the protobuf),
/// the emitter turns a spec into source.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OnnxModelGenerator : IIncrementalGenerator
{
    private const string MetadataPrefix = "build_metadata.AdditionalFiles.";

    // The TorchSharp front-end's session type: when the compilation has it, classes get torch members too.
    private const string BoundSessionMetadataName = "OnnxTyped.BoundSession";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The AdditionalText itself flows on (compared by reference): a changed file is a new
        // AdditionalText, so it is read again; an edit to a .cs file leaves it, and the read, cached.
        IncrementalValuesProvider<(AdditionalText File, Result<ModelFileItems> Items)> modelFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => (pair.Left, ReadItems(pair.Left, pair.Right)))
            .Where(static file => file.Item2 is not null)
            .Select(static (file, _) => (file.Left, file.Item2!))
            .WithTrackingName(TrackingNames.ModelFiles);

        IncrementalValuesProvider<EquatableArray<Result<ModelSpec>>> specs = modelFiles
            .Select(static (file, cancellationToken) => ReadModel(file.File, file.Items, cancellationToken))
            .WithTrackingName(TrackingNames.ModelSpecs);

        IncrementalValuesProvider<Result<ModelSpec>> uniqueSpecs = specs
            .Collect()
            .SelectMany(static (all, _) => ModelSetChecks.SetAsideConflicts(all.SelectMany(file => file)))
            .WithTrackingName(TrackingNames.UniqueModelSpecs);

        // The torch members need the TorchSharp front-end; the typed ones only the core. This step runs on every
        // compilation, but gives a bool: while it stays the same, the output below stays cached.
        IncrementalValueProvider<bool> withTorch = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(BoundSessionMetadataName) is not null)
            .WithTrackingName(TrackingNames.TorchFrontEnd);

        // Apart from the models: the warning is about the items, so it holds whether or not the model can be read.
        // Collected into one value so that the output always has an input: the driver finds the tracked steps it reports
        // by walking back from the outputs' inputs, and a step that fed an output nothing would look as if it never ran.
        IncrementalValueProvider<ImmutableArray<EquatableArray<DiagnosticInfo>>> sharedWithOnnxify = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => OnnxifyItems.SharedModelWarnings(pair.Left.Path, pair.Right.GetOptions(pair.Left)))
            .WithTrackingName(TrackingNames.SharedWithOnnxify)
            .Collect();
        context.RegisterSourceOutput(sharedWithOnnxify, static (output, files) =>
        {
            foreach (DiagnosticInfo warning in files.SelectMany(warnings => warnings)) output.ReportDiagnostic(warning.ToDiagnostic());
        });

        context.RegisterSourceOutput(uniqueSpecs.Combine(withTorch), static (output, pair) =>
        {
            (Result<ModelSpec> result, bool torch) = pair;
            foreach (DiagnosticInfo diagnostic in result.Diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Value is not { } spec) return;
            // A value torch cannot hold leaves the class with the typed front-end only; a project with TorchSharp is told why.
            if (torch && TorchFrontEndNotice(spec) is { } notice)
            {
                output.ReportDiagnostic(notice.ToDiagnostic());
                torch = false;
            }
            output.AddSource(ModelClassEmitter.HintName(spec), ModelClassEmitter.Emit(spec, torch));
        });
    }

    private static DiagnosticInfo? TorchFrontEndNotice(ModelSpec spec)
    {
        if (spec.FirstValueTorchCannotHold is not { } value) return null;
        bool isInput = spec.Inputs.Contains(value);
        return DiagnosticInfo.Create(Diagnostics.NoTorchFrontEnd, spec.SourcePath, spec.ModelFileName, isInput ? "input" : "output",
            value.OnnxName, TypeNames.Describe(value), spec.ClassName, TypeNames.TypedFrontEndValue(value));
    }

    /// <summary>
    /// The items of an additional file that comes from <c>OnnxModel</c> or <c>OnnxTypedModel</c> items (or the diagnostic that
    /// stops it), else <see langword="null"/>. The metadata format is <see cref="ModelItemMetadata"/>'s.
    /// </summary>
    private static Result<ModelFileItems>? ReadItems(AdditionalText file, AnalyzerConfigOptionsProvider provider)
    {
        AnalyzerConfigOptions options = provider.GetOptions(file);
        if (!options.TryGetValue(MetadataPrefix + "OnnxTypedModel", out string? isModel)
            || !string.Equals(isModel, "true", StringComparison.OrdinalIgnoreCase))
            return null;
        string rootNamespace = ModelItemMetadata.RootNamespace(
            provider.GlobalOptions.TryGetValue("build_property.OnnxTypedRootNamespace", out string? encodedRoot) ? encodedRoot : null,
            Get(provider.GlobalOptions, "build_property.RootNamespace"));
        string classNames = Get(options, MetadataPrefix + "OnnxTypedClassName");
        string namespaces = Get(options, MetadataPrefix + "OnnxTypedNamespace");
        string targetPaths = Get(options, MetadataPrefix + "OnnxTypedTargetPath");
        string splitsFixedBatch = Get(options, MetadataPrefix + "OnnxTypedSplitsFixedBatch");
        string batchDims = Get(options, MetadataPrefix + "OnnxTypedBatchDim");
        string microBatching = Get(options, MetadataPrefix + "OnnxTypedMicroBatching");
        return string.Equals(Get(options, MetadataPrefix + "OnnxTypedEncoded"), "true", StringComparison.OrdinalIgnoreCase)
            ? ModelItemMetadata.Decode(file.Path, classNames, namespaces, targetPaths, rootNamespace, splitsFixedBatch, batchDims, microBatching)
            : ModelItemMetadata.Plain(file.Path, classNames, namespaces, targetPaths, rootNamespace, IsTrue(splitsFixedBatch), batchDims, IsTrue(microBatching));
    }

    private static bool IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static string Get(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out string? value) && value is not null ? value.Trim() : "";

    private static EquatableArray<Result<ModelSpec>> ReadModel(AdditionalText file, Result<ModelFileItems> items, CancellationToken cancellationToken)
    {
        if (items.Value is not { } list) return new EquatableArray<Result<ModelSpec>>(new[] { new Result<ModelSpec>(null, items.Diagnostics) });
        try
        {
            // A model is binary and AdditionalText is text-only (dotnet/roslyn#47292; GetText() fails
            // with CS2015), so this is the one place the generator reads from disk: the file the
            // project listed, by the path the compiler was given. The reader seeks past weights.
#pragma warning disable RS1035
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
#pragma warning restore RS1035
            return ModelSpecParser.Parse(stream, list.Items, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            // Missing, locked, a directory...: report it (once for the file) instead of letting the compiler see an exception.
            return new EquatableArray<Result<ModelSpec>>(new[] { Result<ModelSpec>.Failure(DiagnosticInfo.Create(Diagnostics.ModelUnreadable, file.Path, file.Path, e.Message.TrimEnd('.'))) });
        }
    }
}
