using System;
using System.Collections.Generic;
using System.Text;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Parser;

/// <summary>
/// Decodes the metadata OnnxTyped.targets gives the compiler for one model file into the options of each
/// <c>OnnxModel</c> item that lists it. Two limits of the way metadata reaches a generator shape the
/// targets' form: the compiler keeps one additional file per path (so the items of one file share one set
/// of metadata), and the generated .editorconfig cuts a value at <c>#</c> or <c>;</c> (a <c>Link</c> of
/// <c>models/v#2.onnx</c> would arrive as <c>models/v</c>). So the targets mark the file
/// <c>OnnxTypedEncoded=true</c>, write each value as UTF-8 in base64, and join the values of a file's items
/// with <c>|</c> in item order; base64 holds none of <c>#</c>, <c>;</c> or <c>|</c>. A host that builds the
/// options itself (the conformance harness) may pass one item's values as they are, unmarked.
/// </summary>
internal static class ModelItemMetadata
{
    public const char ItemSeparator = '|';

    private const string QuoteHint = "MSBuild could not encode it, which happens when it holds a quote; a C# name cannot hold one";

    /// <summary>
    /// The options of each item of the model file at <paramref name="path"/> in the targets' encoded form,
    /// or the diagnostic that stops the file when a value is not in that form: MSBuild leaves a property
    /// function unevaluated when the metadata it encodes holds a quote.
    /// </summary>
    public static Result<ModelFileItems> Decode(string path, string classNames, string namespaces, string targetPaths, string rootNamespace,
        string splitsFixedBatch = "", string batchDims = "", string microBatching = "")
    {
        string[] classParts = classNames.Split(ItemSeparator);
        string[] splitsParts = splitsFixedBatch.Split(ItemSeparator);
        string[] batchDimParts = batchDims.Split(ItemSeparator);
        string[] microBatchingParts = microBatching.Split(ItemSeparator);
        string[] namespaceParts = namespaces.Split(ItemSeparator);
        string[] targetParts = targetPaths.Split(ItemSeparator);
        if (classParts.Length != namespaceParts.Length || classParts.Length != targetParts.Length)
            return Unreadable(path, "ClassName, Namespace and Link", "they list different numbers of items");

        var items = new List<ModelFileOptions>(classParts.Length);
        for (int i = 0; i < classParts.Length; i++)
        {
            if (!TryDecode(classParts[i], out string className)) return Unreadable(path, "ClassName", QuoteHint);
            if (!TryDecode(namespaceParts[i], out string ns)) return Unreadable(path, "Namespace", QuoteHint);
            if (!TryDecode(targetParts[i], out string targetPath)) return Unreadable(path, "Link", QuoteHint);
            // Added to the targets after the others: an older build may not pass them, so a missing part means unset.
            string batchDim = "";
            if (i < batchDimParts.Length && !TryDecode(batchDimParts[i], out batchDim)) return Unreadable(path, "BatchDim", QuoteHint);
            bool splits = IsTrue(splitsParts, i);
            items.Add(new ModelFileOptions(path, className.Trim(), ns.Trim(), rootNamespace, targetPath.Trim(), splits, batchDim.Trim(), IsTrue(microBatchingParts, i)));
        }
        return new Result<ModelFileItems>(new ModelFileItems(items.ToEquatableArray()), default);
    }

    /// <summary>The one item of a file whose metadata a host passed as it is (not encoded).</summary>
    public static Result<ModelFileItems> Plain(string path, string className, string ns, string targetPath, string rootNamespace, bool splitsFixedBatch = false,
        string batchDim = "", bool microBatching = false) =>
        new(new ModelFileItems(new EquatableArray<ModelFileOptions>(new[]
        {
            new ModelFileOptions(path, className, ns, rootNamespace, targetPath, splitsFixedBatch, batchDim, microBatching),
        })), default);

    private static bool IsTrue(string[] parts, int item) =>
        item < parts.Length && string.Equals(parts[item].Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The project's root namespace: the targets' encoded <c>OnnxTypedRootNamespace</c> when given (a
    /// <c>RootNamespace</c> such as <c>C#Tools</c> would arrive cut), else <c>RootNamespace</c> as it is.
    /// </summary>
    public static string RootNamespace(string? encoded, string plain) =>
        encoded is not null && TryDecode(encoded, out string value) ? value.Trim() : plain;

    /// <summary>One value as the targets write it: its UTF-8 bytes in base64 (empty for an empty value).</summary>
    public static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static bool TryDecode(string encoded, out string value)
    {
        try
        {
            value = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(encoded.Trim()));
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            value = "";
            return false;
        }
    }

    private static Result<ModelFileItems> Unreadable(string path, string metadata, string reason) =>
        Result<ModelFileItems>.Failure(DiagnosticInfo.Create(Diagnostics.ItemMetadataUnreadable, path, ModelPaths.FileName(path), metadata, reason));
}
