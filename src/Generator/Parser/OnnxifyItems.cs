using System;
using Microsoft.CodeAnalysis.Diagnostics;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Parser;

/// <summary>
/// Finds the model files that Onnxify.ModelGenerator reads too. Onnxify's targets forward <c>OnnxModel</c> items, the
/// item name OnnxTyped also reads, to AdditionalFiles with its own metadata; OnnxTyped.props makes that metadata
/// compiler-visible and OnnxTyped.targets keeps it on the one additional file both items give, so a model file that
/// carries it is one both generators make a class from (OTG018).
/// </summary>
internal static class OnnxifyItems
{
    /// <summary>The metadata Onnxify.ModelGenerator.targets gives each additional file it forwards.</summary>
    public static readonly string[] MetadataNames = { "OnnxifyModelClassName", "OnnxifyModelNamespace", "OnnxifyModelImportType" };

    private const string MetadataPrefix = "build_metadata.AdditionalFiles.";

    /// <summary>
    /// OTG018 for the additional file at <paramref name="path"/> when it is one of OnnxTyped's model files and carries
    /// Onnxify's metadata, else nothing. Every compiler-visible metadata reaches every additional file
    /// (empty when the item has none), so only a value counts, not the key.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> SharedModelWarnings(string path, AnalyzerConfigOptions options)
    {
        if (!options.TryGetValue(MetadataPrefix + "OnnxTypedModel", out string? isModel)
            || !string.Equals(isModel?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            return default;
        foreach (string name in MetadataNames)
            if (options.TryGetValue(MetadataPrefix + name, out string? value) && !string.IsNullOrWhiteSpace(value))
                return new EquatableArray<DiagnosticInfo>(new[] { DiagnosticInfo.Create(Diagnostics.SharedWithOnnxify, path, ModelPaths.FileName(path)) });
        return default;
    }
}
