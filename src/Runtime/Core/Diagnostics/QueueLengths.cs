using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace OnnxTyped;

/// <summary>
/// The live micro-batchers, whose queue lengths the <see cref="OnnxTypedMetrics.QueueLength"/> instrument reads when it
/// is collected (nothing is counted per request for it).
/// </summary>
internal static class QueueLengths
{
    private static readonly ConcurrentDictionary<MicroBatcher, byte> Live = new();

    public static void Add(MicroBatcher batcher) => Live.TryAdd(batcher, 0);

    public static void Remove(MicroBatcher batcher) => Live.TryRemove(batcher, out _);

    public static IEnumerable<Measurement<int>> Observe()
    {
        foreach (MicroBatcher batcher in Live.Keys)
            yield return new Measurement<int>(batcher.QueueLength, OnnxTypedMetrics.ModelTagOf(batcher.ModelName));
    }
}
