using System;
using System.Collections.Concurrent;

namespace OnnxTyped.Benchmarks.Counters;

/// <summary>
/// The native objects each benchmark case made, by case (summed over launches), kept for the summary's
/// columns. Benchmarks run in-process (see <see cref="SuiteConfig"/>), so the cases and the summary share this process.
/// </summary>
internal static class NativeObjectTally
{
    private static readonly ConcurrentDictionary<string, NativeObjectCounts> ByCase = new();

    /// <summary>Adds counts to those recorded earlier for <paramref name="caseKey"/>.</summary>
    public static void Record(string caseKey, NativeObjectCounts counts) =>
        ByCase.AddOrUpdate(caseKey, counts, (_, earlier) => earlier.Plus(counts));

    public static NativeObjectCounts? Of(string caseKey) => ByCase.TryGetValue(caseKey, out NativeObjectCounts? counts) ? counts : null;

    /// <summary>Makes <paramref name="calls"/> calls and records what the runtime made meanwhile; returns the counts.</summary>
    public static NativeObjectCounts Measure(string caseKey, Action call, int calls)
    {
        long? bindings = NativeLedgerCounters.BindingsOpened, values = NativeLedgerCounters.ValuesMade;
        for (int i = 0; i < calls; i++) call();
        var counts = new NativeObjectCounts(calls, NativeLedgerCounters.BindingsOpened - bindings, NativeLedgerCounters.ValuesMade - values);
        Record(caseKey, counts);
        return counts;
    }
}
