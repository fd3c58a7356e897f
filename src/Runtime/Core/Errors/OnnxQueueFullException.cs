using System;

namespace OnnxTyped;

/// <summary>
/// A micro-batched call found <see cref="MicroBatchOptions.MaxQueueLength"/> requests already waiting, with
/// <see cref="MicroBatchOptions.WhenQueueFull"/> set to <see cref="QueueFullMode.Throw"/>. Nothing was queued; the model
/// is unaffected and later calls may succeed.
/// </summary>
public sealed class OnnxQueueFullException : InvalidOperationException
{
    /// <summary>Creates the exception for a model named <paramref name="modelName"/> and its queue bound.</summary>
    public OnnxQueueFullException(string modelName, int maxQueueLength)
        : base($"{modelName}: {maxQueueLength} request(s) are already waiting for a micro-batch (MaxQueueLength); the call was refused. " +
               "Retry later, raise MaxQueueLength, or set WhenQueueFull to Wait.")
    {
        MaxQueueLength = maxQueueLength;
    }

    /// <summary>The queue bound that was reached.</summary>
    public int MaxQueueLength { get; }
}
