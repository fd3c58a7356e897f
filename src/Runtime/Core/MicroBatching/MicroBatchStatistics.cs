using System;

namespace OnnxTyped;

/// <summary>
/// What a micro-batching model instance has done since it was opened: counters that only grow, and the queue length now.
/// Read with <c>ModelSession.MicroBatchStatistics</c>; a metrics exporter publishes them.
/// </summary>
/// <param name="QueueLength">Requests waiting now.</param>
/// <param name="Requests">Requests completed (succeeded, failed or cancelled).</param>
/// <param name="Batches">Model runs made for batches, including requests run on their own.</param>
/// <param name="Rows">Rows run, summed over the batches.</param>
/// <param name="LargestBatch">The most rows one run took.</param>
/// <param name="SerialReruns">Batches ONNX Runtime failed that were run again one request at a time.</param>
/// <param name="Rejected">Calls refused because the queue was full.</param>
/// <param name="Cancelled">Requests whose cancellation token took them out while queued.</param>
/// <param name="TotalQueueWait">Time requests spent queued before their batch ran, summed.</param>
public readonly record struct MicroBatchStatistics(
    int QueueLength,
    long Requests,
    long Batches,
    long Rows,
    long LargestBatch,
    long SerialReruns,
    long Rejected,
    long Cancelled,
    TimeSpan TotalQueueWait)
{
    /// <summary>Rows per run, on average; 0 before the first run.</summary>
    public double AverageBatch => Batches == 0 ? 0 : (double)Rows / Batches;
}
