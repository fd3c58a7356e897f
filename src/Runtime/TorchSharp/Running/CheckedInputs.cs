using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// The inputs of one call after <see cref="TorchInputs.Check"/>: their shapes, the dtypes they are bound as, and the
/// device the run is on. A runner fills one of these on every call and reuses its arrays, so checking allocates nothing
/// once shapes keep their ranks. Chunks of a split batch get their own (<see cref="ForRun"/>).
/// </summary>
internal sealed class CheckedInputs
{
    public CheckedInputs(int inputCount)
    {
        Shapes = new long[inputCount][];
        TargetDtypes = new torch.ScalarType[inputCount];
        Dtypes = new torch.ScalarType[inputCount];
        for (int i = 0; i < inputCount; i++) Shapes[i] = System.Array.Empty<long>();
    }

    /// <summary>Each input's shape, in model order (owned here: copy what must outlive the call).</summary>
    public long[][] Shapes { get; }

    /// <summary>The dtype each input is bound as (the model's, reached by the cast table).</summary>
    public torch.ScalarType[] TargetDtypes { get; }

    /// <summary>The dtype each input has (read once per call: a chunk of a split batch has its input's dtype).</summary>
    public torch.ScalarType[] Dtypes { get; }

    /// <summary>The device every input is on; outputs come back there.</summary>
    public BufferDevice Device { get; set; }

    /// <summary>Input <paramref name="index"/>'s shape array, of <paramref name="rank"/> entries to fill: the last call's when the rank is the same.</summary>
    public long[] ShapeOfRank(int index, int rank)
    {
        long[] shape = Shapes[index];
        if (shape.Length != rank) Shapes[index] = shape = new long[rank];
        return shape;
    }

    /// <summary>
    /// The inputs one run of a batch of <paramref name="batchSize"/> rows sees: these, when the run takes the whole batch,
    /// else a chunk of <paramref name="runSize"/> rows (dimension 0), whose size is checked against the model's fixed dimensions.
    /// </summary>
    public CheckedInputs ForRun(ModelSignature signature, long runSize, long batchSize, bool allowEmpty)
    {
        if (runSize == batchSize && (runSize > 0 || allowEmpty)) return this;
        var chunk = new CheckedInputs(Shapes.Length) { Device = Device };
        for (int i = 0; i < Shapes.Length; i++)
        {
            chunk.Shapes[i] = (long[])Shapes[i].Clone();
            chunk.Shapes[i][0] = runSize;
            chunk.TargetDtypes[i] = TargetDtypes[i];
            chunk.Dtypes[i] = Dtypes[i];
        }
        InputChecks.CheckShapes(signature, chunk.Shapes, batchSplits: false, allowEmpty);
        return chunk;
    }
}
