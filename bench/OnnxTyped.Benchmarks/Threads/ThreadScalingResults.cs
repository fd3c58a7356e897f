using System.Collections.Concurrent;

namespace OnnxTyped.Benchmarks.Threads;

/// <summary>
/// The counts of each thread-count case (summed over launches), kept for the summary's columns. Benchmarks run in-process
/// (see Program), so the cases and the summary share this process.
/// </summary>
internal static class ThreadScalingResults
{
    private static readonly ConcurrentDictionary<int, ThreadScalingCounts> ByThreads = new();

    /// <summary>Adds one launch's counts to those of earlier launches of the same case.</summary>
    public static void Record(int threads, ThreadScalingCounts counts) =>
        ByThreads.AddOrUpdate(threads, counts, (_, earlier) => new ThreadScalingCounts(
            earlier.Calls + counts.Calls, earlier.BindingsOpened + counts.BindingsOpened, earlier.ValuesMade + counts.ValuesMade));

    public static ThreadScalingCounts? Of(int threads) => ByThreads.TryGetValue(threads, out ThreadScalingCounts? counts) ? counts : null;
}
