using System;
using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped.Conformance;

/// <summary>What the gate found: the failures, every test that changed state, and a line per compared folder.</summary>
internal sealed record GateVerdict(IReadOnlyList<string> Failures, IReadOnlyList<TestStateChange> Changes, IReadOnlyList<string> FolderLines)
{
    /// <summary>The start of the line <c>eng/test.sh</c> reads the number of failures from.</summary>
    public const string FailedPrefix = "gate: failed, ";

    public bool Passed => Failures.Count == 0;

    public IEnumerable<TestStateChange> Gained => Changes.Where(c => c.Gained.Any);

    /// <summary>A verdict that is only failures: the expected file could not be read.</summary>
    public static GateVerdict Failed(string failure) => new(new[] { failure }, Array.Empty<TestStateChange>(), Array.Empty<string>());

    /// <summary>This verdict with one more failure (one the comparison of results cannot see, such as a generator failure).</summary>
    public GateVerdict WithFailure(string failure) => this with { Failures = Failures.Append(failure).ToList() };

    /// <summary>
    /// The closing line of the gate: <c>gate: failed, 2 failures</c>, or how it passed.
    /// <c>eng/test.sh</c> counts the failures of this line in its own closing line.
    /// </summary>
    public string SummaryLine(string recordOption)
    {
        if (!Passed) return FailedPrefix + Plural(Failures.Count, "failure");
        int gained = Gained.Count();
        return gained == 0
            ? "gate: passed, every test as recorded"
            : $"gate: passed; {Plural(gained, "test")} gained a pass since the recorded run (re-record them with {recordOption})";
    }

    private static string Plural(int count, string noun) => count + " " + noun + (count == 1 ? "" : "s");
}
