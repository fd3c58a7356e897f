using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Runtime.InteropServices;

namespace OnnxTyped.Benchmarks;

/// <summary>
/// Which types a loop allocates, from the runtime's allocation-tick events (one event about every 100 KB
/// allocated, naming the type that crossed the mark): a sample, so shares of the bytes, not exact counts. Only
/// the thread that created it counts: the listener's own event objects are allocated on another thread. Linux only.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly long _threadId = gettid();
    private const int AllocationTickEventId = 10;
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || eventData.OSThreadId != _threadId || eventData.Payload is null || eventData.PayloadNames is null) return;
        string type = eventData.PayloadNames.IndexOf("TypeName") is int t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        long bytes = eventData.PayloadNames.IndexOf("AllocationAmount64") is int a and >= 0 ? Convert.ToInt64(eventData.Payload[a]) : 0;
        _bytesByType.AddOrUpdate(type, bytes, (_, sum) => sum + bytes);
    }

    // The OS thread id, which events carry (glibc 2.30 and later).
    [DllImport("libc", ExactSpelling = true)]
    private static extern int gettid();

    /// <summary>The sampled types, largest share first, as (type, share of the sampled bytes).</summary>
    public IReadOnlyList<(string Type, double Share)> Shares()
    {
        KeyValuePair<string, long>[] sampled = _bytesByType.ToArray();
        double total = sampled.Sum(p => p.Value);
        return total == 0 ? Array.Empty<(string, double)>() : sampled.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value / total)).ToArray();
    }
}
