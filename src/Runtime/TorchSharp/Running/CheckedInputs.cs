using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// The inputs of one call after <see cref="TorchInputs.Check"/>: their shapes, the dtypes they are bound as, and the
/// device the run is on. Chunks of a split batch reuse it with their own dimension 0 (<see cref="ForRun"/>).
/// </summary>
internal sealed class CheckedInputs
{
    public CheckedInputs(long[][] shapes, torch.ScalarType[] targetDtypes, BufferDevice device)
    {
        Shapes = shapes;
        TargetDtypes = targetDtypes;
        Device = device;
    }

    /// <summary>Each input's shape, in model order.</summary>
    public long[][] Shapes { get; }

    /// <summary>The dtype each input is bound as (the model's, reached by the cast table).</summary>
    public torch.ScalarType[] TargetDtypes { get; }

    /// <summary>The device every input is on; outputs come back there.</summary>
    public BufferDevice Device { get; }

    /// <summary>
    /// The inputs one run of a batch of <paramref name="batchSize"/> rows sees: these, when the run takes the whole batch,
    /// else a chunk of <paramref name="runSize"/> rows (dimension 0), whose size is checked against the model's fixed dimensions.
    /// </summary>
    public CheckedInputs ForRun(ModelSignature signature, long runSize, long batchSize)
    {
        if (runSize == batchSize) return this;
        CheckedInputs chunk = ForChunk(runSize);
        InputChecks.CheckShapes(signature, chunk.Shapes, batchSplits: false);
        return chunk;
    }

    private CheckedInputs ForChunk(long runSize)
    {
        var shapes = new long[Shapes.Length][];
        for (int i = 0; i < shapes.Length; i++)
        {
            shapes[i] = (long[])Shapes[i].Clone();
            shapes[i][0] = runSize;
        }
        return new CheckedInputs(shapes, TargetDtypes, Device);
    }
}
