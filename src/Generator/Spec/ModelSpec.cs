namespace OnnxTyped.Generator.Spec;

/// <summary>
/// Everything the emitter needs to write one model class, read from one <c>.onnx</c> file and its
/// item metadata. Only strings, numbers, enums and equatable arrays, so equal specs let the
/// pipeline skip regenerating.
/// </summary>
/// <param name="SourcePath">The model's path as the compiler was given it, for diagnostics.</param>
/// <param name="ModelFileName">The file name, for docs.</param>
/// <param name="ClassName">The class name (a valid identifier).</param>
/// <param name="Namespace">The dotted namespace, or empty for the global namespace.</param>
/// <param name="TargetPath">Where the build copies the model, relative to the output folder (used by <c>Load</c>).</param>
/// <param name="IrVersion">The ONNX IR version.</param>
/// <param name="ProducerName">The producing tool, or empty.</param>
/// <param name="ProducerVersion">Its version, or empty.</param>
/// <param name="ModelVersion">The model's own version number (0 when unset).</param>
/// <param name="DocString">The model's doc string, or empty.</param>
/// <param name="GraphName">The graph's name, or empty.</param>
/// <param name="GraphDocString">The graph's doc string, or empty.</param>
/// <param name="Opsets">The imported opsets, in file order.</param>
/// <param name="Metadata">The metadata properties, in file order.</param>
/// <param name="Inputs">The inputs a caller feeds (initializers removed), in model order.</param>
/// <param name="Outputs">The outputs, in model order.</param>
internal sealed record ModelSpec(
    string SourcePath,
    string ModelFileName,
    string ClassName,
    string Namespace,
    string TargetPath,
    long IrVersion,
    string ProducerName,
    string ProducerVersion,
    long ModelVersion,
    string DocString,
    string GraphName,
    string GraphDocString,
    EquatableArray<OpsetSpec> Opsets,
    EquatableArray<MetadataEntrySpec> Metadata,
    EquatableArray<TensorSpec> Inputs,
    EquatableArray<TensorSpec> Outputs)
{
    /// <summary>The namespace-qualified class name, used to find duplicates and name the generated file.</summary>
    public string FullClassName => Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName;

    /// <summary>
    /// The batch size the model fixes: every input has a shape of rank ≥ 1 whose first dimension is the
    /// same fixed size; otherwise 0. Same rule as the runtime's <c>ModelSignature.StaticBatchSize</c>.
    /// </summary>
    public long StaticBatchSize
    {
        get
        {
            long size = 0;
            foreach (TensorSpec input in Inputs)
            {
                if (!input.HasShape || input.Dims.Count == 0 || !input.Dims[0].IsFixed) return 0;
                if (size != 0 && size != input.Dims[0].Size) return 0;
                size = input.Dims[0].Size;
            }
            return size;
        }
    }

    /// <summary>True when every input has a shape of rank ≥ 1 with a symbolic first dimension: a batch callers may limit.</summary>
    public bool HasSymbolicBatch
    {
        get
        {
            if (Inputs.Count == 0) return false;
            foreach (TensorSpec input in Inputs)
                if (!input.HasShape || input.Dims.Count == 0 || input.Dims[0].IsFixed) return false;
            return true;
        }
    }
}
