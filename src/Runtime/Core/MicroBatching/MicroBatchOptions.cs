using System;

namespace OnnxTyped;

/// <summary>
/// Turns on micro-batching for one model instance: concurrent calls (<c>Run</c>, <c>RunInto</c>, <c>RunAsync</c>, from any
/// number of threads) whose inputs differ only along the batch axis are gathered into one run, and each caller gets its own
/// rows back. The batch axis of every input and output is the symbolic dimension they share in the model's signature (or
/// the one <see cref="BatchDim"/> names); inputs without it must be equal across a batch.
/// </summary>
/// <remarks>
/// A batch is run when it holds <see cref="MaxBatchSize"/> rows, or when its oldest request has waited <see cref="MaxWait"/>.
/// Every request is checked before it joins a batch, so a bad input fails its own call only; a batch ONNX Runtime fails is
/// run again one request at a time, so only the guilty request fails. Tensors must be in host memory.
/// </remarks>
public sealed class MicroBatchOptions
{
    /// <summary>The most rows one batched run takes (at least 1; 64 by default). A request with more rows runs alone.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// How long the oldest queued request waits for others to join its batch before the batch runs anyway (2 ms by default;
    /// zero runs whatever is queued at once). Bounds the latency micro-batching adds.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// How many batches may run at once, each on its own thread (2 by default: one batch is gathered and scattered while
    /// another runs, and a CPU session on one intra-op thread uses two cores). 1 forms the largest batches; more suits a
    /// machine with more cores than the session's intra-op threads use.
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 2;

    /// <summary>
    /// Whether a partial batch always waits <see cref="MaxWait"/> for more rows. By default (<see langword="false"/>) it
    /// runs as soon as no call is on its way: every call begun is queued, and no caller is still reading a result (a
    /// caller in a loop calls again at once). Few callers then get their answers without waiting, and many fill batches.
    /// Set it when more rows per run matter more than latency (open-loop traffic on a GPU).
    /// </summary>
    public bool AlwaysWaitsMaxWait { get; set; }

    /// <summary>The most requests waiting at once (1024 by default); see <see cref="WhenQueueFull"/>.</summary>
    public int MaxQueueLength { get; set; } = 1024;

    /// <summary>What a call does when <see cref="MaxQueueLength"/> requests are waiting: throw <see cref="OnnxQueueFullException"/> (the default) or wait for room.</summary>
    public QueueFullMode WhenQueueFull { get; set; } = QueueFullMode.Throw;

    /// <summary>
    /// The name of the symbolic dimension that is the batch axis, when the signature shares more than one between the
    /// outputs and the inputs; or a dimension index (<c>"0"</c>) for a model whose tensors each name their batch
    /// differently (PaddlePaddle exports: <c>p2o.DynamicDimension.0</c> in, <c>.3</c> out); <see langword="null"/> to
    /// find it (the default).
    /// </summary>
    public string? BatchDim { get; set; }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (MaxBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "MaxBatchSize must be at least 1.");
        if (MaxWait < TimeSpan.Zero || MaxWait > TimeSpan.FromSeconds(10))
            throw new ArgumentOutOfRangeException(nameof(MaxWait), MaxWait, "MaxWait must be between zero and 10 seconds.");
        if (MaxConcurrentBatches < 1 || MaxConcurrentBatches > 64)
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentBatches), MaxConcurrentBatches, "MaxConcurrentBatches must be between 1 and 64.");
        if (MaxQueueLength < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxQueueLength), MaxQueueLength, "MaxQueueLength must be at least 1.");
        if (WhenQueueFull is not (QueueFullMode.Throw or QueueFullMode.Wait))
            throw new ArgumentOutOfRangeException(nameof(WhenQueueFull), WhenQueueFull, "WhenQueueFull must be Throw or Wait.");
    }
}

/// <summary>What a micro-batched call does when the queue is full (<see cref="MicroBatchOptions.MaxQueueLength"/>).</summary>
public enum QueueFullMode
{
    /// <summary>Throw <see cref="OnnxQueueFullException"/> at once: the caller sheds the load (a service answers 503).</summary>
    Throw,

    /// <summary>Wait for room (without blocking a thread in <c>RunAsync</c>), until the call's cancellation token is cancelled.</summary>
    Wait,
}
