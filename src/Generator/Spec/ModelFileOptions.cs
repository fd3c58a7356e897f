namespace OnnxTyped.Generator.Spec;

/// <summary>
/// What the project says about one <c>OnnxModel</c> item (from its AdditionalFiles metadata and the
/// project's <c>RootNamespace</c>). Strings only, equatable for the pipeline cache.
/// </summary>
/// <param name="Path">The model's full path, as the compiler was given it.</param>
/// <param name="ClassName">The <c>ClassName</c> metadata, or empty for the default.</param>
/// <param name="Namespace">The <c>Namespace</c> metadata, or empty for the default.</param>
/// <param name="RootNamespace">The project's <c>RootNamespace</c>, or empty.</param>
/// <param name="TargetPath">The path the build copies the model to, relative to the output folder, or empty for the file name.</param>
/// <param name="SplitsFixedBatch">The <c>SplitsFixedBatch</c> metadata: <c>true</c> makes every instance of a fixed-batch model split batches.</param>
/// <param name="BatchDim">The <c>BatchDim</c> metadata: the symbolic dimension micro-batching joins calls along, or empty to let the runtime find it.</param>
/// <param name="MicroBatching">The <c>MicroBatching</c> metadata: <c>true</c> asks the build to check that the model can be micro-batched.</param>
internal sealed record ModelFileOptions(string Path, string ClassName, string Namespace, string RootNamespace, string TargetPath, bool SplitsFixedBatch = false,
    string BatchDim = "", bool MicroBatching = false);
