using System;
using System.Diagnostics;
using System.Threading;

namespace OnnxTyped;

/// <summary>The growing counters of one micro-batcher, updated by its workers and callers without a lock.</summary>
internal sealed class MicroBatchCounters
{
    private long _requests, _batches, _rows, _largestBatch, _serialReruns, _rejected, _cancelled, _queueWaitTicks;

    public void Completed() => Interlocked.Increment(ref _requests);

    public void Cancelled()
    {
        Interlocked.Increment(ref _cancelled);
        Interlocked.Increment(ref _requests);
    }

    public void Rejected() => Interlocked.Increment(ref _rejected);

    public void SerialRerun() => Interlocked.Increment(ref _serialReruns);

    public void QueuedFor(long ticks) => Interlocked.Add(ref _queueWaitTicks, ticks);

    public void Ran(long rows)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _rows, rows);
        long largest;
        while (rows > (largest = Interlocked.Read(ref _largestBatch)) && Interlocked.CompareExchange(ref _largestBatch, rows, largest) != largest)
        {
        }
    }

    public MicroBatchStatistics Snapshot(int queueLength) => new(queueLength, Interlocked.Read(ref _requests), Interlocked.Read(ref _batches),
        Interlocked.Read(ref _rows), Interlocked.Read(ref _largestBatch), Interlocked.Read(ref _serialReruns),
        Interlocked.Read(ref _rejected), Interlocked.Read(ref _cancelled),
        TimeSpan.FromSeconds((double)Interlocked.Read(ref _queueWaitTicks) / Stopwatch.Frequency));
}
