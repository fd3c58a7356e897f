using System.Reflection;

namespace OnnxTyped.Benchmarks.Counters;

/// <summary>
/// The runtime's internal native-object counters (<c>OnnxTyped.NativeLedger</c>), read by reflection so the
/// benchmarks still build and run when a counter is renamed or missing (then it reads <see langword="null"/>).
/// </summary>
internal static class NativeLedgerCounters
{
    /// <summary>IO bindings opened since the process started (asked of the runtime as <c>NativeLedger.BindingsOpened</c>).</summary>
    public const string BindingsOpenedName = "BindingsOpened";

    /// <summary>OrtValues made or received since the process started.</summary>
    public const string ValuesMadeName = "ValuesMade";

    private static readonly System.Type? Ledger = typeof(ModelSignature).Assembly.GetType("OnnxTyped.NativeLedger");

    public static long? BindingsOpened => Read(BindingsOpenedName);

    public static long? ValuesMade => Read(ValuesMadeName);

    private static long? Read(string property) =>
        Ledger?.GetProperty(property, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as long?;
}
