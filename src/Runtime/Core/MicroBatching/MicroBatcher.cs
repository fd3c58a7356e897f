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
/// (<c>MicroBatcher.Run.cs</c>). Requests of both front-ends share it.
/// </summary>
/// <remarks>
/// Closing drains: what is queued still runs, later calls are refused with <see cref="ObjectDisposedException"/>. A
/// dedicated background thread forms and runs the batches, so a caller that awaits blocks no thread and the continuations
/// run on the thread pool, never on the batcher's thread.
/// </remarks>
internal sealed partial class MicroBatcher
{
    private static readonly Predicate<BatchRequest> OutOfQueue = request => !request.IsQueued;

    private readonly ModelSession _model;
    private readonly BatchAxes _axes;
    private readonly int _maxRows;
    private readonly long _maxWaitTicks;
    private readonly int _maxQueueLength;
    private readonly QueueFullMode _whenFull;
    private readonly SemaphoreSlim _room;
    private readonly object _lock = new();
    private readonly List<BatchRequest> _queue = new();
    private readonly List<BatchRequest> _members = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;
    private bool _waiting;
    private long _queuedRows;

    public MicroBatcher(ModelSession model, MicroBatchOptions options)
    {
        options.Validate();
        _model = model;
        _axes = BatchAxes.Find(model.Signature, options.BatchDim, model.Name);
        _maxRows = options.MaxBatchSize;
        _maxWaitTicks = (long)(options.MaxWait.TotalSeconds * Stopwatch.Frequency);
        _maxQueueLength = options.MaxQueueLength;
        _whenFull = options.WhenQueueFull;
        _room = new SemaphoreSlim(options.MaxQueueLength, options.MaxQueueLength);
        _batchData = new InputBlock[model.Signature.Inputs.Count];
        _batchInputs = new OnnxTensor[model.Signature.Inputs.Count];
        _thread = new Thread(Loop) { IsBackground = true, Name = "OnnxTyped micro-batcher: " + model.Name };
        _thread.Start();
    }

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
        if (!_room.Wait(0))
        {
            if (_whenFull == QueueFullMode.Throw) throw Full();
            _room.Wait(cancellation);
        }
        Add(request, cancellation);
    }

    /// <summary>As <see cref="Enqueue"/>, without blocking a thread while waiting for room.</summary>
    public ValueTask EnqueueAsync(BatchRequest request, CancellationToken cancellation)
    {
        if (_room.Wait(0))
        {
            Add(request, cancellation);
            return default;
        }
        if (_whenFull == QueueFullMode.Throw) return ValueTask.FromException(Full());
        return WaitForRoom(request, cancellation);
    }

    private async ValueTask WaitForRoom(BatchRequest request, CancellationToken cancellation)
    {
        await _room.WaitAsync(cancellation).ConfigureAwait(false);
        Add(request, cancellation);
    }

    private OnnxQueueFullException Full()
    {
        Interlocked.Increment(ref _rejected);
        return new OnnxQueueFullException(_model.Name, _maxQueueLength);
    }

    // Called with a unit of room taken, which the request gives back when it leaves the queue (LeftQueue).
    private void Add(BatchRequest request, CancellationToken cancellation)
    {
        lock (_lock)
        {
            if (_closed)
            {
                _room.Release();
                throw new ObjectDisposedException(_model.Name, $"{_model.Name} was disposed: the call was not queued.");
            }
            request.MarkQueued(this, cancellation);
            _queue.Add(request);
            _queuedRows += request.Rows;
            if (_waiting && (_queue.Count == 1 || _queuedRows >= _maxRows)) Monitor.Pulse(_lock);
        }
    }

    /// <summary>A request left the queue (taken into a batch, or cancelled): its room is free.</summary>
    public void LeftQueue() => _room.Release();

    /// <summary>Stops taking requests; what is queued still runs. The returned task completes when the thread has stopped.</summary>
    public Task Close()
    {
        lock (_lock)
        {
            _closed = true;
            Monitor.Pulse(_lock);
        }
        return _stopped.Task;
    }

    /// <summary>Closes and blocks until every queued request has run (unless called on the batcher's own thread).</summary>
    public void CloseAndWait()
    {
        Task stopped = Close();
        if (Thread.CurrentThread != _thread) stopped.GetAwaiter().GetResult();
    }

    private void Loop()
    {
        try
        {
            while (NextBatch())
            {
                RunBatch(_members);
                _members.Clear();
            }
        }
        finally
        {
            ReleaseBatchData();
            _stopped.TrySetResult();
        }
    }

    // Fills _members with the next batch; false once closed and empty.
    private bool NextBatch()
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
                if (_closed || waited >= _maxWaitTicks || RowsJoining(first, take: false) >= _maxRows)
                {
                    RowsJoining(first, take: true);
                    if (_members.Count > 0) return true;
                    continue;
                }
                long remainingMs = Math.Max(1, (_maxWaitTicks - waited) * 1000 / Stopwatch.Frequency);
                Wait((int)Math.Min(remainingMs, int.MaxValue));
            }
        }
    }

    private void Wait(int milliseconds)
    {
        _waiting = true;
        Monitor.Wait(_lock, milliseconds);
        _waiting = false;
    }

    // Drops what left the queue (taken or cancelled) and recounts the rows waiting.
    private void Compact()
    {
        _queue.RemoveAll(OutOfQueue);
        long rows = 0;
        foreach (BatchRequest request in _queue) rows += request.Rows;
        _queuedRows = rows;
    }

    // The rows a batch led by `first` would hold now, oldest first; with `take`, takes those requests into _members.
    // A request of no rows, or of more rows than a batch holds, runs on its own.
    private long RowsJoining(BatchRequest first, bool take)
    {
        long rows = 0;
        bool alone = first.Rows == 0 || first.Rows >= _maxRows;
        for (int q = 0; q < _queue.Count; q++)
        {
            BatchRequest request = _queue[q];
            if (!request.IsQueued) continue;
            if (request != first && (alone || request.Rows == 0 || rows + request.Rows > _maxRows || !CanJoin(first, request, _axes))) continue;
            if (take)
            {
                if (!request.TryTake()) continue;
                LeftQueue();
                _members.Add(request);
            }
            rows += request.Rows;
            if (alone || rows >= _maxRows) break;
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

    /// <summary>The counters now.</summary>
    public MicroBatchStatistics Statistics
    {
        get
        {
            int queued = _maxQueueLength - _room.CurrentCount;
            return new MicroBatchStatistics(Math.Max(0, queued), Interlocked.Read(ref _requests), Interlocked.Read(ref _batches),
                Interlocked.Read(ref _rows), Interlocked.Read(ref _largestBatch), Interlocked.Read(ref _serialReruns),
                Interlocked.Read(ref _rejected), Interlocked.Read(ref _cancelled),
                TimeSpan.FromSeconds((double)Interlocked.Read(ref _queueWaitTicks) / Stopwatch.Frequency));
        }
    }

    private long _requests, _batches, _rows, _largestBatch, _serialReruns, _rejected, _cancelled, _queueWaitTicks;

    /// <summary>Counts a request its token took out of the queue.</summary>
    public void CountCancelled()
    {
        Interlocked.Increment(ref _cancelled);
        Interlocked.Increment(ref _requests);
    }
}
