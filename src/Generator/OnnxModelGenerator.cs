using System;
using System.Collections.Generic;
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
/// Generates one typed class per <c>OnnxModel</c> item of a project. This file is the pipeline only:
/// the parser turns each model file into a spec (the reader underneath it decodes the protobuf),
/// the emitter turns a spec into source.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OnnxModelGenerator : IIncrementalGenerator
{
    private const string MetadataPrefix = "build_metadata.AdditionalFiles.";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The AdditionalText itself flows on (compared by reference): a changed file is a new
        // AdditionalText, so it is read again; an edit to a .cs file leaves it, and the read, cached.
        IncrementalValuesProvider<(AdditionalText File, ModelFileOptions? Options)> modelFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => (pair.Left, ReadOptions(pair.Left, pair.Right)))
            .Where(static file => file.Item2 is not null)
            .WithTrackingName(TrackingNames.ModelFiles);

        IncrementalValuesProvider<Result<ModelSpec>> specs = modelFiles
            .Select(static (file, cancellationToken) => ReadModel(file.File, file.Options!, cancellationToken))
            .WithTrackingName(TrackingNames.ModelSpecs);

        IncrementalValuesProvider<Result<ModelSpec>> uniqueSpecs = specs
            .Collect()
            .SelectMany(static (all, _) => SetAsideDuplicates(all))
            .WithTrackingName(TrackingNames.UniqueModelSpecs);

        context.RegisterSourceOutput(uniqueSpecs, static (output, result) =>
        {
            foreach (DiagnosticInfo diagnostic in result.Diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Value is { } spec) output.AddSource(ModelClassEmitter.HintName(spec), ModelClassEmitter.Emit(spec));
        });
    }

    /// <summary>The options of an additional file that comes from an <c>OnnxModel</c> item, else <see langword="null"/>.</summary>
    private static ModelFileOptions? ReadOptions(AdditionalText file, AnalyzerConfigOptionsProvider provider)
    {
        AnalyzerConfigOptions options = provider.GetOptions(file);
        if (!options.TryGetValue(MetadataPrefix + "OnnxTypedModel", out string? isModel)
            || !string.Equals(isModel, "true", StringComparison.OrdinalIgnoreCase))
            return null;
        return new ModelFileOptions(
            file.Path,
            Get(options, MetadataPrefix + "OnnxTypedClassName"),
            Get(options, MetadataPrefix + "OnnxTypedNamespace"),
            Get(provider.GlobalOptions, "build_property.RootNamespace"),
            Get(options, MetadataPrefix + "OnnxTypedTargetPath"),
            string.Equals(Get(options, MetadataPrefix + "OnnxTypedSplitsFixedBatch"), "true", StringComparison.OrdinalIgnoreCase));
    }

    private static string Get(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out string? value) && value is not null ? value.Trim() : "";

    private static Result<ModelSpec> ReadModel(AdditionalText file, ModelFileOptions options, CancellationToken cancellationToken)
    {
        try
        {
            // A model is binary and AdditionalText is text-only (dotnet/roslyn#47292; GetText() fails
            // with CS2015), so this is the one place the generator reads from disk: the file the
            // project listed, by the path the compiler was given. The reader seeks past weights.
#pragma warning disable RS1035
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
#pragma warning restore RS1035
            return ModelSpecParser.Parse(stream, options, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            // Missing, locked, a directory...: report it instead of letting the compiler see an exception.
            return Result<ModelSpec>.Failure(DiagnosticInfo.Create(Diagnostics.ModelUnreadable, file.Path, file.Path, e.Message));
        }
    }

    /// <summary>Keeps the first model (in item order) for each full class name and reports the others.</summary>
    private static IEnumerable<Result<ModelSpec>> SetAsideDuplicates(ImmutableArray<Result<ModelSpec>> all)
    {
        var firstFileByClass = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Result<ModelSpec> result in all)
        {
            if (result.Value is not { } spec)
            {
                yield return result;
                continue;
            }
            if (firstFileByClass.TryGetValue(spec.FullClassName, out string? first))
            {
                // Full paths: two models with one class name often share a file name too.
                var duplicate = DiagnosticInfo.Create(Diagnostics.DuplicateClassName, spec.SourcePath, spec.SourcePath, first, spec.FullClassName);
                yield return new Result<ModelSpec>(null, result.Diagnostics.Append(duplicate).ToEquatableArray());
                continue;
            }
            firstFileByClass.Add(spec.FullClassName, spec.SourcePath);
            yield return result;
        }
    }
}
