using System.Globalization;

namespace OnnxTyped.Benchmarks.Counters;

/// <summary>
/// How many calls a benchmark case made, and how many IO bindings and OrtValues the runtime made meanwhile
/// (<see langword="null"/> where the runtime has no such counter).
/// </summary>
public sealed record NativeObjectCounts(long Calls, long? BindingsOpened, long? ValuesMade)
{
    /// <summary>The counts of this and <paramref name="other"/> together.</summary>
    public NativeObjectCounts Plus(NativeObjectCounts other) =>
        new(Calls + other.Calls, BindingsOpened + other.BindingsOpened, ValuesMade + other.ValuesMade);

    /// <summary>A count per call, as text; "n/a" without the counter.</summary>
    public static string PerCall(long? count, long calls) =>
        count is long value && calls > 0 ? ((double)value / calls).ToString("0.###", CultureInfo.InvariantCulture) : "n/a";
}
