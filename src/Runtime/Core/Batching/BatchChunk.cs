namespace OnnxTyped;

/// <summary>
/// One run of a batched call: rows <see cref="Start"/> to <see cref="Start"/> + <see cref="Rows"/>
/// of every input (along dimension 0), followed by <see cref="Padding"/> rows of zeros.
/// </summary>
/// <param name="Start">The first input row of this run.</param>
/// <param name="Rows">How many input rows this run takes (and how many output rows it keeps).</param>
/// <param name="Padding">How many zero rows are appended so the run reaches the minimum batch size; their outputs are dropped.</param>
internal readonly record struct BatchChunk(long Start, long Rows, long Padding)
{
    /// <summary>The batch size the model sees in this run: real rows plus padding.</summary>
    public long RunSize => Rows + Padding;
}
