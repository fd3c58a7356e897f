using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace OnnxTyped;

/// <summary>
/// The queue of one micro-batching model instance and the thread that empties it: takes the oldest request, waits up to
/// <see cref="MicroBatchOptions.MaxWait"/> for others it can join (same shapes but along the batch axis, same values of the
/// unbatched inputs) until <see cref="MicroBatchOptions.MaxBatchSize"/> rows, then runs them as one batch
/// (<see cref="BatchWorker"/>). Requests of both front-ends share it.
/// </summary>
/// <remarks>
/// Closing drains: what is queued still runs, later calls are refused with <see cref="ObjectDisposedException"/>.
/// Dedicated background threads (one per concurrent batch) form and run the batches, so a caller that awaits blocks no
/// thread and the continuations run on the thread pool, never on a batcher's thread.
/// </remarks>
internal sealed class MicroBatcher
{
    private static readonly Predicate<BatchRequest> OutOfQueue = request => !request.IsQueued;

    private readonly ModelSession _model;
    private readonly BatchAxes _axes;
    private readonly int _maxRows;
    private readonly long _maxWaitTicks;
    private readonly int _maxQueueLength;
    private readonly QueueFullMode _whenFull;
    private readonly bool _alwaysWaits;
    private readonly SemaphoreSlim? _room;      // only when a full queue waits: a throwing queue counts with _queued alone
    private int _queued;                       // requests holding a unit of room
    private int _onTheWay;                     // calls begun but not queued, and results not yet read: see Arriving
    private readonly object _lock = new();
    private readonly List<BatchRequest> _queue = new();
    private readonly Thread[] _threads;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private bool _closed;
    private int _waiting;           // workers waiting on the lock for requests
    private bool _sharedOut;        // a worker left queued rows for an idle one: the next batch runs at once
    private long _queuedRows;

    // batchDim: the options' BatchDim, or the model item's when the options name none.
    public MicroBatcher(ModelSession model, MicroBatchOptions options, string? batchDim)
    {
        options.Validate();
        _model = model;
        _axes = BatchAxes.Find(model.Signature, batchDim, model.Name);
        _maxRows = options.MaxBatchSize;
        _maxWaitTicks = (long)(options.MaxWait.TotalSeconds * Stopwatch.Frequency);
        _maxQueueLength = options.MaxQueueLength;
        _whenFull = options.WhenQueueFull;
        _alwaysWaits = options.AlwaysWaitsMaxWait;
        if (_whenFull == QueueFullMode.Wait) _room = new SemaphoreSlim(options.MaxQueueLength, options.MaxQueueLength);
        _threads = new Thread[options.MaxConcurrentBatches];
        _running = _threads.Length;
        for (int t = 0; t < _threads.Length; t++)
        {
            _threads[t] = new Thread(new BatchWorker(this, model, _axes).Loop) { IsBackground = true, Name = "OnnxTyped micro-batcher: " + model.Name };
            _threads[t].Start();
        }
        QueueLengths.Add(this);
    }

    /// <summary>The model's name, the tag of its measurements.</summary>
    public string ModelName => _model.Name;

    /// <summary>The requests waiting in the queue now.</summary>
    public int QueueLength => Math.Max(0, Volatile.Read(ref _queued));

    /// <summary>Where the batch axis of each input and output is.</summary>
    public BatchAxes Axes => _axes;

    /// <summary>The most rows one batch holds.</summary>
    public int MaxRows => _maxRows;

    /// <summary>The queue bound, for pooling as many requests as it holds.</summary>
    public int MaxQueueLength => _maxQueueLength;

    /// <summary>Queues <paramref name="request"/> when there is room, waiting for room (blocking) when the options say so.</summary>
    /// <exception cref="OnnxQueueFullException">The queue is full and the options say throw.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting for room.</exception>
    public void Enqueue(BatchRequest request, CancellationToken cancellation)
    {
        if (!TryTakeRoom())
        {
            if (_room is null) throw Full();
            _room.Wait(cancellation);
            Interlocked.Increment(ref _queued);
        }
        Add(request, cancellation);
    }

    /// <summary>As <see cref="Enqueue"/>, without blocking a thread while waiting for room.</summary>
    public ValueTask EnqueueAsync(BatchRequest request, CancellationToken cancellation)
    {
        if (TryTakeRoom())
        {
            Add(request, cancellation);
            return default;
        }
        if (_room is null) return ValueTask.FromException(Full());
        return WaitForRoom(request, cancellation);
    }

    private async ValueTask WaitForRoom(BatchRequest request, CancellationToken cancellation)
    {
        await _room!.WaitAsync(cancellation).ConfigureAwait(false);
        Interlocked.Increment(ref _queued);
        Add(request, cancellation);
    }

    // A unit of room without waiting: one interlocked add when a full queue throws (no lock on the hot path).
    private bool TryTakeRoom()
    {
        if (_room is not null)
        {
            if (!_room.Wait(0)) return false;
            Interlocked.Increment(ref _queued);
            return true;
        }
        if (Interlocked.Increment(ref _queued) <= _maxQueueLength) return true;
        Interlocked.Decrement(ref _queued);
        return false;
    }

    private OnnxQueueFullException Full()
    {
        Counters.Rejected();
        return new OnnxQueueFullException(_model.Name, _maxQueueLength);
    }

    // Called with a unit of room taken, which the request gives back when it leaves the queue (LeftQueue).
    private void Add(BatchRequest request, CancellationToken cancellation)
    {
        lock (_lock)
        {
            if (_closed)
            {
                LeftQueue();
                throw new ObjectDisposedException(_model.Name, $"{_model.Name} was disposed: the call was not queued.");
            }
            request.MarkQueued(this, cancellation);
            _queue.Add(request);
            _queuedRows += request.Rows;
            bool lastOnItsWay = Interlocked.Decrement(ref _onTheWay) == 0 && !_alwaysWaits;
            if (_waiting > 0 && (_queue.Count == 1 || _queuedRows >= _maxRows || lastOnItsWay)) Monitor.Pulse(_lock);
        }
    }

    /// <summary>
    /// A call begins (before it is checked): until it is queued it is on its way. With the results completed but not yet
    /// read by their callers (who often call again at once), this tells a worker whether waiting can fill a batch: when
    /// nothing is on its way, every call begun is queued, and the batch runs at once instead of waiting for MaxWait.
    /// </summary>
    public void Arriving() => Interlocked.Increment(ref _onTheWay);

    /// <summary>A call that was <see cref="Arriving"/> was refused before it was queued.</summary>
    public void NotComing() => Interlocked.Decrement(ref _onTheWay);

    /// <summary>A queued request completed: its caller is about to read the result (and may call again).</summary>
    public void ResultWaiting() => Interlocked.Increment(ref _onTheWay);

    /// <summary>The caller read a completed request's result.</summary>
    public void ResultTaken() => Interlocked.Decrement(ref _onTheWay);

    /// <summary>A request left the queue (taken into a batch, or cancelled): its room is free.</summary>
    public void LeftQueue()
    {
        Interlocked.Decrement(ref _queued);
        _room?.Release();
    }

    /// <summary>Stops taking requests; what is queued still runs. The returned task completes when the thread has stopped.</summary>
    public Task Close()
    {
        lock (_lock)
        {
            _closed = true;
            Monitor.PulseAll(_lock);
        }
        return _stopped.Task;
    }

    /// <summary>Closes and blocks until every queued request has run (unless called on the batcher's own thread).</summary>
    public void CloseAndWait()
    {
        Task stopped = Close();
        if (Array.IndexOf(_threads, Thread.CurrentThread) < 0) stopped.GetAwaiter().GetResult();
    }

    /// <summary>A worker's thread ends; the last one completes <see cref="Close"/>'s task.</summary>
    public void WorkerStopped()
    {
        if (Interlocked.Decrement(ref _running) != 0) return;
        QueueLengths.Remove(this);
        _stopped.TrySetResult();
    }

    /// <summary>Fills <paramref name="members"/> with the next batch, waiting for one; false once closed and drained.</summary>
    public bool NextBatch(List<BatchRequest> members)
    {
        lock (_lock)
        {
            while (true)
            {
                Compact();
                if (_queue.Count == 0)
                {
                    if (_closed) return false;
                    Wait(Timeout.Infinite);
                    continue;
                }
                BatchRequest first = _queue[0];
                long waited = Stopwatch.GetTimestamp() - first.QueuedAt;
                long joining = RowsJoining(first, take: false, members, _maxRows);
                if (_closed || waited >= _maxWaitTicks || NothingOnItsWay() || joining >= _maxRows || _sharedOut)
                {
                    // Idle workers share what is queued: with every caller in one batch, the other worker would wait
                    // while this one runs (64 callers, batches of 64), and one core would do all the work.
                    long share = (joining + _waiting) / (1 + _waiting);
                    RowsJoining(first, take: true, members, Math.Max(1, Math.Min(_maxRows, share)));
                    _sharedOut = _waiting > 0 && share < joining;
                    if (members.Count == 0) continue;
                    // Requests left behind (another group, or more than a batch): another worker may take them now.
                    if (_queue.Count > members.Count) Monitor.Pulse(_lock);
                    return true;
                }
                long remainingMs = Math.Max(1, (_maxWaitTicks - waited) * 1000 / Stopwatch.Frequency);
                Wait((int)Math.Min(remainingMs, int.MaxValue));
            }
        }
    }

    private bool NothingOnItsWay() => !_alwaysWaits && Volatile.Read(ref _onTheWay) <= 0;

    private void Wait(int milliseconds)
    {
        _waiting++;
        Monitor.Wait(_lock, milliseconds);
        _waiting--;
    }

    // Drops what left the queue (taken or cancelled) and recounts the rows waiting.
    private void Compact()
    {
        _queue.RemoveAll(OutOfQueue);
        long rows = 0;
        foreach (BatchRequest request in _queue) rows += request.Rows;
        _queuedRows = rows;
    }

    // The rows (at most `limit`) a batch led by `first` would hold now, oldest first; with `take`, takes those requests into `members`.
    // A request of no rows, or of more rows than a batch holds, runs on its own.
    private long RowsJoining(BatchRequest first, bool take, List<BatchRequest> members, long limit)
    {
        long rows = 0;
        bool alone = first.Rows == 0 || first.Rows >= _maxRows;
        for (int q = 0; q < _queue.Count; q++)
        {
            BatchRequest request = _queue[q];
            if (!request.IsQueued) continue;
            if (request != first && (alone || request.Rows == 0 || rows + request.Rows > limit || !CanJoin(first, request, _axes))) continue;
            if (take)
            {
                if (!request.TryTake()) continue;
                LeftQueue();
                members.Add(request);
            }
            rows += request.Rows;
            if (alone || rows >= limit) break;
        }
        return alone ? Math.Max(rows, _maxRows) : rows;
    }

    // Whether `request` can join a batch with `first`: the same shapes but along the batch axis, and the same bytes in
    // every input that has no batch axis.
    private static bool CanJoin(BatchRequest first, BatchRequest request, BatchAxes axes)
    {
        for (int i = 0; i < axes.Inputs.Length; i++)
        {
            long[] a = first.InputShapes[i], b = request.InputShapes[i];
            if (a.Length != b.Length) return false;
            int axis = axes.Inputs[i];
            for (int d = 0; d < a.Length; d++)
                if (d != axis && a[d] != b[d]) return false;
            if (axis < 0 && !first.UnbatchedBytes[i].AsSpan().SequenceEqual(request.UnbatchedBytes[i])) return false;
        }
        return true;
    }

    /// <summary>What the workers count.</summary>
    public MicroBatchCounters Counters { get; } = new();

    /// <summary>The counters now.</summary>
    public MicroBatchStatistics Statistics => Counters.Snapshot(QueueLength);
}
