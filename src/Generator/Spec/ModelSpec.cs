namespace OnnxTyped.Generator.Spec;

/// <summary>
/// Everything the emitter needs to write one model class, read from one <c>.onnx</c> file and its
/// item metadata. Only strings, numbers, enums and equatable arrays, so equal specs let the
/// pipeline skip regenerating. Every property is <c>required</c> and set by name: nine of them are
/// strings, which positional arguments would let slip into each other's place.
/// </summary>
internal sealed record ModelSpec
{
    // Where the model comes from and where the build puts it.

    /// <summary>The model's path as the compiler was given it, for diagnostics.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The file name, for docs.</summary>
    public required string ModelFileName { get; init; }

    /// <summary>Where the build copies the model, relative to the output folder (used by <c>Load</c>), with <c>/</c> separators.</summary>
    public required string TargetPath { get; init; }

    // The generated class.

    /// <summary>The class name (a valid identifier).</summary>
    public required string ClassName { get; init; }

    /// <summary>The dotted namespace, or empty for the global namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>
    /// 0, or from 2 on when an earlier class of the project has a full name that differs from this one only
    /// in case (<c>Vad</c>, <c>VAD</c>): the compiler compares generated file names ignoring case, so this
    /// class's file name carries the number.
    /// </summary>
    public int FileNameNumber { get; init; }

    /// <summary>Whether the item asks every instance to split batches of a fixed-batch model (<c>SplitsFixedBatch="true"</c>).</summary>
    public required bool SplitsFixedBatch { get; init; }

    /// <summary>
    /// The item's <c>BatchDim</c>, checked to be a batch axis of the model (by the parser, with the runtime's rule): the dimension
    /// micro-batching joins calls along when the options name none; empty when the item names none.
    /// </summary>
    public required string BatchDim { get; init; }

    // What the model says about itself, for the class docs.

    /// <summary>The ONNX IR version.</summary>
    public required long IrVersion { get; init; }

    /// <summary>The producing tool, or empty.</summary>
    public required string ProducerName { get; init; }

    /// <summary>The producing tool's version, or empty.</summary>
    public required string ProducerVersion { get; init; }

    /// <summary>The model's own version number (0 when unset).</summary>
    public required long ModelVersion { get; init; }

    /// <summary>The model's doc string, or empty.</summary>
    public required string DocString { get; init; }

    /// <summary>The graph's name, or empty.</summary>
    public required string GraphName { get; init; }

    /// <summary>The graph's doc string, or empty.</summary>
    public required string GraphDocString { get; init; }

    /// <summary>The imported opsets, in file order.</summary>
    public required EquatableArray<OpsetSpec> Opsets { get; init; }

    /// <summary>The metadata properties, in file order.</summary>
    public required EquatableArray<MetadataEntrySpec> Metadata { get; init; }

    // The signature.

    /// <summary>The inputs a caller feeds (initializers removed), in model order.</summary>
    public required EquatableArray<TensorSpec> Inputs { get; init; }

    /// <summary>The outputs, in model order.</summary>
    public required EquatableArray<TensorSpec> Outputs { get; init; }

    /// <summary>
    /// The first input or output (inputs first) the TorchSharp front-end cannot bind: not a tensor, or a tensor of an element
    /// type no torch dtype holds (strings, float8, int4). <see langword="null"/> when torch holds every value, and only
    /// then does the class get the TorchSharp front-end.
    /// </summary>
    public TensorSpec? FirstValueTorchCannotHold
    {
        get
        {
            foreach (TensorSpec value in Inputs)
                if (value.Kind != OnnxValueKind.Tensor || !OnnxElementTypes.TorchCanHold((int)value.ElementType)) return value;
            foreach (TensorSpec value in Outputs)
                if (value.Kind != OnnxValueKind.Tensor || !OnnxElementTypes.TorchCanHold((int)value.ElementType)) return value;
            return null;
        }
    }

    /// <summary>
    /// True when every input and output is bound by address (a tensor of a fixed-size element type): only then does the class
    /// have <c>RunInto</c>, batching under limits and micro-batching. Otherwise its <c>Run</c> takes and returns values
    /// (strings, sequences, optionals, maps) that ONNX Runtime creates and allocates.
    /// </summary>
    public bool BindsByAddress
    {
        get
        {
            foreach (TensorSpec value in Inputs) if (!value.IsAddressable) return false;
            foreach (TensorSpec value in Outputs) if (!value.IsAddressable) return false;
            return true;
        }
    }

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
