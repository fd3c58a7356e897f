using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks.Sources;

namespace OnnxTyped;

/// <summary>
/// One caller's call waiting for, or taking part in, a micro-batch: its checked inputs as host memory (address and shape),
/// its rows along the batch axis, where its outputs go, and how it completes. Pooled and reused: a call takes one, the
/// batcher completes it, and the caller's read of the result (<see cref="BatchRequest{TTensor}"/>) gives it back.
/// </summary>
/// <remarks>
/// State: idle → queued → taken into a batch (by the batcher) or cancelled (by the call's token), exactly once; only
/// whoever moves it out of <c>queued</c> completes it, so a request is never completed twice nor reused while a
/// cancellation callback may still touch it (the batcher waits for that callback before completing).
/// </remarks>
internal abstract class BatchRequest
{
    private const int Idle = 0, Queued = 1, Taken = 2, Cancelled = 3;

    private ManualResetValueTaskSourceCore<bool> _completion = new() { RunContinuationsAsynchronously = true };
    private ManualResetEventSlim? _blockingWait;
    private bool _blocking;
    private int _state;
    private CancellationTokenRegistration _registration;
    private MicroBatcher? _batcher;

    protected BatchRequest(ModelSignature signature)
    {
        Signature = signature;
        InputShapes = new long[signature.Inputs.Count][];
        InputData = new IntPtr[signature.Inputs.Count];
        CallerOutputShapes = new long[signature.Outputs.Count][];
        UnbatchedBytes = new byte[]?[signature.Inputs.Count];
        for (int i = 0; i < InputShapes.Length; i++) InputShapes[i] = Array.Empty<long>();
        for (int o = 0; o < CallerOutputShapes.Length; o++) CallerOutputShapes[o] = Array.Empty<long>();
    }

    public ModelSignature Signature { get; }

    /// <summary>Per input: its shape, checked.</summary>
    public long[][] InputShapes { get; }

    /// <summary>Per input: the address of its bytes in host memory, held until the request completes.</summary>
    public IntPtr[] InputData { get; }

    /// <summary>
    /// Per input without a batch axis: a copy of its bytes, which the batcher compares across requests. A copy, because a
    /// queued request may be cancelled (and its tensors let go) while the batcher reads.
    /// </summary>
    public byte[]?[] UnbatchedBytes { get; }

    /// <summary>Per output, for <c>RunInto</c>: the shape of the caller's tensor.</summary>
    public long[][] CallerOutputShapes { get; }

    /// <summary>Whether the caller gave its outputs (<c>RunInto</c>).</summary>
    public bool IntoCaller { get; protected set; }

    /// <summary>The request's size along the batch axis.</summary>
    public long Rows { get; set; }

    /// <summary>When it was queued (<see cref="Stopwatch"/> ticks).</summary>
    public long QueuedAt { get; private set; }

    /// <summary>When the call began, for its duration on the meter (<see cref="CallMetrics.Start"/>: 0 when nothing listens).</summary>
    public long CallStarted { get; set; }

    /// <summary>The call's token: it takes the request out while queued, and stops a run the request has to itself.</summary>
    public CancellationToken Cancellation { get; private set; }

    /// <summary>Whether the request is still waiting in the queue (not taken, not cancelled).</summary>
    public bool IsQueued => Volatile.Read(ref _state) == Queued;

    /// <summary>
    /// Whether its token took it out of the queue: the batcher's list may still hold it, so it is never reused (left to
    /// the garbage collector).
    /// </summary>
    protected bool WasCancelledWhileQueued => Volatile.Read(ref _state) == Cancelled;

    /// <summary>
    /// Where output <paramref name="output"/>'s <see cref="Rows"/> rows for this request go, in host memory: the caller's
    /// tensor (checked against the shape the batch's output <paramref name="batchShape"/> gives it, with <see cref="Rows"/>
    /// along <paramref name="axis"/>) or a new tensor of that shape the request keeps as a result.
    /// </summary>
    /// <exception cref="OnnxOutputException">The caller's tensor has another shape than the run produced for this request.</exception>
    public abstract IntPtr OutputDestination(int output, ReadOnlySpan<long> batchShape, int axis);

    /// <summary>The shape the batch's output <paramref name="batchShape"/> gives this request: <see cref="Rows"/> along <paramref name="axis"/>.</summary>
    protected long[] OwnShape(ReadOnlySpan<long> batchShape, int axis)
    {
        long[] shape = batchShape.ToArray();
        shape[axis] = Rows;
        return shape;
    }

    /// <summary>Checks the caller's output <paramref name="output"/> has the shape the batch's output gives this request.</summary>
    /// <exception cref="OnnxOutputException">It has another shape.</exception>
    protected void CheckCallerOutputShape(int output, ReadOnlySpan<long> batchShape, int axis)
    {
        long[] given = CallerOutputShapes[output];
        bool same = given.Length == batchShape.Length;
        for (int d = 0; same && d < given.Length; d++) same = given[d] == (d == axis ? Rows : batchShape[d]);
        if (same) return;
        TensorSignature declared = Signature.Outputs[output];
        throw new OnnxOutputException(declared.Name,
            $"Output '{declared.Name}' has shape {ShapeText.Of(given)}, but for these inputs the model writes {ShapeText.Of(OwnShape(batchShape, axis))} (declared {declared.ShapeText}).",
            OutputShapes.CallerOutputsParameter);
    }

    /// <summary>Lets go of what the request held (pins, copies); disposes its new outputs when it failed.</summary>
    protected abstract void Release(bool succeeded);

    /// <summary>Queued: from now on the token can take it out.</summary>
    public void MarkQueued(MicroBatcher batcher, CancellationToken cancellation)
    {
        _batcher = batcher;
        Cancellation = cancellation;
        QueuedAt = Stopwatch.GetTimestamp();
        Volatile.Write(ref _state, Queued);
        if (cancellation.CanBeCanceled)
            _registration = cancellation.UnsafeRegister(static state => ((BatchRequest)state!).CancelWhileQueued(), this);
    }

    /// <summary>Takes the request into a batch; false when its token took it out first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    private void CancelWhileQueued()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) != Queued) return;
        _batcher!.LeftQueue();
        _batcher.Counters.Cancelled();
        Finish(new OperationCanceledException(Cancellation));
    }

    /// <summary>Completes a request taken into a batch: with its results, or with <paramref name="error"/>.</summary>
    public void Complete(Exception? error)
    {
        // A cancellation callback running now fails its exchange (the request is taken); wait for it to return before the
        // request can be reused. A cancellation that came too late to take it out surfaces as one, results discarded.
        _registration.Dispose();
        if (error is null && Cancellation.IsCancellationRequested) error = new OperationCanceledException(Cancellation);
        Finish(error);
    }

    private void Finish(Exception? error)
    {
        Release(succeeded: error is null);
        CallMetrics.Finished(_batcher!.ModelName, CallStarted, error);
        _batcher.ResultWaiting();
        if (error is null) _completion.SetResult(true);
        else _completion.SetException(error);
        if (_blocking) _blockingWait!.Set();
    }

    /// <summary>Readies a request for a blocking caller (before it is queued).</summary>
    public void PrepareBlockingWait()
    {
        _blocking = true;
        _blockingWait ??= new ManualResetEventSlim(false, spinCount: 0);
    }

    /// <summary>Blocks until the request completes, then throws its error, if any.</summary>
    public void WaitBlocking()
    {
        _blockingWait!.Wait();
        _completion.GetResult(_completion.Version);
    }

    protected short Version => _completion.Version;

    protected ValueTaskSourceStatus Status(short token) => _completion.GetStatus(token);

    protected void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    protected void ThrowIfFailed(short token) => _completion.GetResult(token);

    /// <summary>Readies the request for its next call: every field a call sets is reset.</summary>
    protected void ResetForReuse()
    {
        // A queued request's caller has read its result now (a request never queued was never counted).
        _batcher?.ResultTaken();
        _registration = default;
        _batcher = null;
        Cancellation = default;
        _blocking = false;
        _blockingWait?.Reset();
        Rows = 0;
        IntoCaller = false;
        Volatile.Write(ref _state, Idle);
        _completion.Reset();
    }
}
