using System;
using System.Threading.Tasks;

namespace OnnxTyped.Hosting.Tests;

/// <summary>Polling for a condition the host reaches in the background (a warm-up, a readiness answer, counters).</summary>
internal static class Waits
{
    // Generous: a loaded 2-core machine may take seconds to open and warm a model.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static Task Until(Func<bool> condition, Func<string>? whatFailed = null) =>
        Until(() => Task.FromResult(condition()), whatFailed);

    /// <exception cref="TimeoutException">The condition did not hold within 60 s; the message says what did not happen.</exception>
    public static async Task Until(Func<Task<bool>> condition, Func<string>? whatFailed = null)
    {
        DateTime deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(whatFailed?.Invoke() ?? "The condition did not hold within 60 s.");
            await Task.Delay(10);
        }
    }
}
