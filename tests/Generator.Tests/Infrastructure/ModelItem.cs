namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// An <c>OnnxModel</c> item as the targets hand it to the compiler: the path and the metadata.
/// <see cref="IsModel"/> false stands for an AdditionalFiles item that is not a model. The <c>Onnxify</c> values
/// are the metadata Onnxify.ModelGenerator's targets put on the same file when they read it too (OTG018).
/// </summary>
public sealed record ModelItem(string Path, string? ClassName = null, string? Namespace = null, string? TargetPath = null, bool IsModel = true, bool SplitsFixedBatch = false,
    string? BatchDim = null, bool MicroBatching = false, string? OnnxifyClassName = null, string? OnnxifyNamespace = null, string? OnnxifyImportType = null);
