namespace OnnxTyped.Benchmarks.Threads;

/// <summary>
/// What one thread-count case did over all its benchmark operations (pilot, warm-up and measured):
/// how many calls, and how many IO bindings and OrtValues the runtime made meanwhile
/// (<see langword="null"/> where the runtime has no such counter).
/// </summary>
public sealed record ThreadScalingCounts(long Calls, long? BindingsOpened, long? ValuesMade)
{
    public static string PerCall(long? count, long calls) =>
        count is long value && calls > 0 ? ((double)value / calls).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
