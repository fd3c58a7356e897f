using System;
using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace OnnxTyped;

/// <summary>
/// A <see cref="BatchRequest"/> of one front-end: admitted from its tensors once the shared runner has checked them, and
/// awaited as a <c>ValueTask</c> whose source it is, so a steady <c>RunIntoAsync</c> allocates nothing. Reading the
/// result gives the request back to its pool.
/// </summary>
/// <typeparam name="TTensor">The front-end's tensor type.</typeparam>
internal abstract class BatchRequest<TTensor> : BatchRequest, IValueTaskSource<TTensor[]>, IValueTaskSource
    where TTensor : class, IDisposable
{
    private BatchRequestPool<TTensor>? _pool;

    protected BatchRequest(ModelSignature signature)
        : base(signature)
    {
    }

    /// <summary>For <c>Run</c>: the new output tensors, made as the batch is scattered; the caller's once the request succeeds.</summary>
    protected TTensor?[]? Results { get; set; }

    /// <summary>
    /// Takes in one call, checked by <paramref name="runner"/>: copies its shapes, works out its rows along the batch axis,
    /// and holds its tensors (<see cref="Hold"/>) until it completes.
    /// </summary>
    /// <exception cref="OnnxInputException">An input is not in host memory, or is int4/uint4 with rows that end mid-byte.</exception>
    /// <exception cref="OnnxOutputException">A caller's int4/uint4 output has rows that end mid-byte.</exception>
    public void Admit<TFrontEnd>(ModelRunner<TTensor, TFrontEnd> runner, ReadOnlySpan<TTensor> inputs, ReadOnlySpan<TTensor> outputs, bool into, BatchAxes axes)
        where TFrontEnd : struct, IFrontEnd<TTensor>
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            CopyShape(runner.InputShapes[i], ref InputShapes[i]);
            if (axes.Inputs[i] >= 0) Rows = InputShapes[i][axes.Inputs[i]];
        }
        bool unbatchedInputs = false;
        foreach (int axis in axes.Inputs) unbatchedInputs |= axis < 0;
        IntoCaller = into;
        if (into)
            for (int o = 0; o < outputs.Length; o++) CopyShape(runner.CallerOutputShapes[o], ref CallerOutputShapes[o]);
        else
            Results = new TTensor?[Signature.Outputs.Count];
        CheckPackedRows(axes, into);
        Hold(inputs, into ? outputs : default);
        if (unbatchedInputs) CopyUnbatched(axes);
    }

    // int4/uint4 rows along the batch axis must be whole bytes to be gathered and scattered (PackedRows): refused before
    // anything is held.
    private void CheckPackedRows(BatchAxes axes, bool into)
    {
        for (int i = 0; i < axes.Inputs.Length; i++)
            if (axes.Inputs[i] >= 0 && !PackedRows.AtByteBoundaries(Signature.Inputs[i], PackedRows.RowElements(InputShapes[i], axes.Inputs[i])))
                throw PackedRows.InputRefused(Signature.Inputs[i], InputShapes[i], axes.Inputs[i], "to micro-batch");
        if (!into) return;
        for (int o = 0; o < axes.Outputs.Length; o++)
            if (axes.Outputs[o] >= 0 && axes.Outputs[o] < CallerOutputShapes[o].Length &&
                !PackedRows.AtByteBoundaries(Signature.Outputs[o], PackedRows.RowElements(CallerOutputShapes[o], axes.Outputs[o])))
                throw PackedRows.CallerOutputRefused(Signature.Outputs[o], CallerOutputShapes[o], axes.Outputs[o], "to micro-batch");
    }

    private unsafe void CopyUnbatched(BatchAxes axes)
    {
        for (int i = 0; i < axes.Inputs.Length; i++)
        {
            if (axes.Inputs[i] >= 0) continue;
            long bytes = ElementTypes.ByteCount(Signature.Inputs[i].ElementType, OnnxTensor.ElementCountOf(InputShapes[i]));
            if (UnbatchedBytes[i]?.Length != bytes) UnbatchedBytes[i] = new byte[checked((int)bytes)];
            new ReadOnlySpan<byte>((void*)InputData[i], (int)bytes).CopyTo(UnbatchedBytes[i]);
        }
    }

    private static void CopyShape(long[] from, ref long[] to)
    {
        if (to.Length != from.Length) to = new long[from.Length];
        from.AsSpan().CopyTo(to);
    }

    /// <summary>
    /// Holds the call's tensors until <see cref="BatchRequest.Release"/>: sets <see cref="BatchRequest.InputData"/> to each
    /// input's host bytes, and keeps the caller's outputs writable. On failure it lets go of what it held and throws.
    /// </summary>
    /// <exception cref="OnnxInputException">An input is not in host memory.</exception>
    protected abstract void Hold(ReadOnlySpan<TTensor> inputs, ReadOnlySpan<TTensor> outputs);

    /// <summary>Lets go of what the call held (pins, aliases, copies); on failure also of its new outputs.</summary>
    protected sealed override void Release(bool succeeded)
    {
        ReleaseHeld();
        if (succeeded || Results is null) return;
        for (int o = 0; o < Results.Length; o++)
        {
            Results[o]?.Dispose();
            Results[o] = null;
        }
    }

    /// <summary>Lets go of what <see cref="Hold"/> held; safe on a request held in part, or not at all.</summary>
    protected abstract void ReleaseHeld();

    /// <summary>Lets go of a request that was admitted but never queued (the queue refused it).</summary>
    public void Abandon()
    {
        Release(succeeded: false);
        Recycle();
    }

    /// <summary>Blocks until the request completes; returns its new outputs (<c>Run</c>) or null (<c>RunInto</c>), and gives the request back.</summary>
    public TTensor[]? RunBlocking()
    {
        try
        {
            WaitBlocking();
            return TakeResults();
        }
        finally
        {
            Recycle();
        }
    }

    TTensor[] IValueTaskSource<TTensor[]>.GetResult(short token)
    {
        try
        {
            ThrowIfFailed(token);
            return TakeResults()!;
        }
        finally
        {
            Recycle();
        }
    }

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            ThrowIfFailed(token);
        }
        finally
        {
            Recycle();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<TTensor[]>.GetStatus(short token) => Status(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => Status(token);

    void IValueTaskSource<TTensor[]>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        OnCompleted(continuation, state, token, flags);

    /// <summary>The token of the call in progress, for the <c>ValueTask</c> over this request.</summary>
    public short Token => Version;

    private TTensor[]? TakeResults()
    {
        TTensor?[]? results = Results;
        Results = null;
        return results!;
    }

    internal void BelongTo(BatchRequestPool<TTensor> pool) => _pool = pool;

    private void Recycle()
    {
        Results = null;
        bool reusable = !WasCancelledWhileQueued;
        ResetForReuse();
        if (reusable) _pool?.Return(this);
    }
}

/// <summary>
/// The idle requests of one front-end on one model, reused call after call: enough for every request a full queue and a
/// running batch hold, beyond which a finished request is left to the garbage collector.
/// </summary>
internal sealed class BatchRequestPool<TTensor> where TTensor : class, IDisposable
{
    private readonly ConcurrentQueue<BatchRequest<TTensor>> _idle = new();
    private readonly Func<BatchRequest<TTensor>> _create;
    private readonly int _keep;

    public BatchRequestPool(Func<BatchRequest<TTensor>> create, int keep)
    {
        _create = create;
        _keep = keep;
    }

    public BatchRequest<TTensor> Take()
    {
        if (_idle.TryDequeue(out BatchRequest<TTensor>? request)) return request;
        request = _create();
        request.BelongTo(this);
        return request;
    }

    public void Return(BatchRequest<TTensor> request)
    {
        if (_idle.Count < _keep) _idle.Enqueue(request);
    }
}
