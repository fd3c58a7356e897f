namespace OnnxTyped.Generator.Spec;

/// <summary>
/// The options of every <c>OnnxModel</c> item that lists one model file, in item order: a file listed
/// twice (for two class names) is read once and gives a class per item. Equatable for the pipeline cache.
/// </summary>
internal sealed record ModelFileItems(EquatableArray<ModelFileOptions> Items);
