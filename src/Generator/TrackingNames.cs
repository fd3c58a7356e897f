namespace OnnxTyped.Generator;

/// <summary>
/// Names of the incremental pipeline steps (<c>WithTrackingName</c>), public so tests can check
/// which steps ran and which came from the cache.
/// </summary>
public static class TrackingNames
{
    /// <summary>Additional files that come from <c>OnnxModel</c> or <c>OnnxTypedModel</c> items, with their item options.</summary>
    public const string ModelFiles = nameof(ModelFiles);

    /// <summary>Each model file read into a spec (or diagnostics): the only step that opens a file.</summary>
    public const string ModelSpecs = nameof(ModelSpecs);

    /// <summary>The specs after models that would generate the same class have been set aside.</summary>
    public const string UniqueModelSpecs = nameof(UniqueModelSpecs);

    /// <summary>Each additional file checked for Onnxify.ModelGenerator's metadata: the OTG018 warning to report, or none.</summary>
    public const string SharedWithOnnxify = nameof(SharedWithOnnxify);

    /// <summary>
    /// Whether the compilation references the TorchSharp front-end (<c>OnnxTyped.BoundSession</c>): a bool, so an edit
    /// that leaves it as it was regenerates nothing.
    /// </summary>
    public const string TorchFrontEnd = nameof(TorchFrontEnd);
}
