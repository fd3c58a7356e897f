using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace OnnxTyped;

/// <summary>
/// Records a call's end on the <see cref="OnnxTypedMetrics"/> instruments. A call takes its start from <see cref="Start"/>,
/// which is 0 when nothing listens, and then records nothing: no clock read, no allocation.
/// </summary>
internal static class CallMetrics
{
    private static bool Listened =>
        OnnxTypedMetrics.CallCounter.Enabled || OnnxTypedMetrics.FailureCounter.Enabled || OnnxTypedMetrics.CallDurationHistogram.Enabled;

    /// <summary>The call's start (<see cref="Stopwatch"/> ticks), or 0 when no instrument is listened to.</summary>
    public static long Start() => Listened ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records the end of a call of <paramref name="model"/> that began at <paramref name="started"/>, failed when <paramref name="error"/> is given.</summary>
    public static void Finished(string model, long started, Exception? error)
    {
        if (started == 0) return;
        double seconds = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        KeyValuePair<string, object?> modelTag = OnnxTypedMetrics.ModelTagOf(model);
        OnnxTypedMetrics.CallCounter.Add(1, modelTag);
        if (error is null)
        {
            OnnxTypedMetrics.CallDurationHistogram.Record(seconds, modelTag);
            return;
        }
        var errorTag = new KeyValuePair<string, object?>(OnnxTypedMetrics.ErrorTypeTag, error.GetType().FullName);
        OnnxTypedMetrics.FailureCounter.Add(1, modelTag, errorTag);
        OnnxTypedMetrics.CallDurationHistogram.Record(seconds, modelTag, errorTag);
    }

    /// <summary>As <see cref="Finished"/> for a failure, returning false: for an exception filter, which leaves the stack as it was.</summary>
    public static bool FailedFilter(string model, long started, Exception error)
    {
        Finished(model, started, error);
        return false;
    }

    /// <summary>Records a micro-batch of <paramref name="requests"/> requests of <paramref name="model"/>.</summary>
    public static void Batched(string model, int requests)
    {
        if (OnnxTypedMetrics.BatchSizeHistogram.Enabled) OnnxTypedMetrics.BatchSizeHistogram.Record(requests, OnnxTypedMetrics.ModelTagOf(model));
    }

    /// <summary>Records a session opened on the CPU instead of <paramref name="requested"/>.</summary>
    public static void FellBack(BufferDevice requested) =>
        OnnxTypedMetrics.FallbackCounter.Add(1, new KeyValuePair<string, object?>(OnnxTypedMetrics.RequestedDeviceTag, requested.ToString()));
}
