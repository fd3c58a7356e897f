using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace OnnxTyped;

/// <summary>
/// The names of what every model reports through the <see cref="Meter"/> named <see cref="MeterName"/>, whether or not
/// it is hosted: give the name to OpenTelemetry (<c>AddMeter("OnnxTyped")</c>) or a <see cref="MeterListener"/> to
/// collect them. Names and units follow OpenTelemetry's conventions (seconds, UCUM annotations such as <c>{call}</c>).
/// With nothing listening, a call pays one check per instrument and allocates nothing.
/// </summary>
public static class OnnxTypedMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OnnxTyped";

    /// <summary>The tag every measurement carries: the model's <see cref="ModelSession.Name"/> (the generated class's name, or the hosted registration's).</summary>
    public const string ModelTag = "onnxtyped.model";

    /// <summary>The tag a failed call carries: the full name of the exception's type (OpenTelemetry's <c>error.type</c>).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>The tag of a device fallback: the device asked for, e.g. <c>cuda:0</c>.</summary>
    public const string RequestedDeviceTag = "onnxtyped.device.requested";

    /// <summary>Counter of finished calls (<c>Run</c>, <c>RunInto</c> and their async forms, either front-end), failed or not.</summary>
    public const string Calls = "onnxtyped.calls";

    /// <summary>Counter of calls that threw, tagged with <see cref="ErrorTypeTag"/>.</summary>
    public const string Failures = "onnxtyped.call.failures";

    /// <summary>Histogram of call durations in seconds, as the caller saw them (queue wait included when micro-batched).</summary>
    public const string CallDuration = "onnxtyped.call.duration";

    /// <summary>Histogram of the number of requests each micro-batch joined.</summary>
    public const string BatchSize = "onnxtyped.batch.size";

    /// <summary>Up-down counter of the requests waiting in a micro-batcher's queue, observed when collected.</summary>
    public const string QueueLength = "onnxtyped.queue.length";

    /// <summary>Counter of sessions opened on the CPU because the GPU asked for could not be served.</summary>
    public const string DeviceFallbacks = "onnxtyped.device.fallbacks";

    internal static readonly Meter Meter = new(MeterName, typeof(OnnxTypedMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> CallCounter =
        Meter.CreateCounter<long>(Calls, "{call}", "Calls of a model, finished, failed or not.");

    internal static readonly Counter<long> FailureCounter =
        Meter.CreateCounter<long>(Failures, "{call}", "Calls of a model that threw.");

    internal static readonly Histogram<double> CallDurationHistogram =
        Meter.CreateHistogram<double>(CallDuration, "s", "How long a call of a model took, queue wait included.");

    internal static readonly Histogram<int> BatchSizeHistogram =
        Meter.CreateHistogram<int>(BatchSize, "{request}", "Requests joined into one micro-batch.");

    internal static readonly Counter<long> FallbackCounter =
        Meter.CreateCounter<long>(DeviceFallbacks, "{session}", "Sessions opened on the CPU instead of the GPU asked for.");

    internal static readonly ObservableUpDownCounter<int> QueueLengthCounter =
        Meter.CreateObservableUpDownCounter(QueueLength, QueueLengths.Observe, "{request}", "Requests waiting in a micro-batcher's queue.");

    internal static KeyValuePair<string, object?> ModelTagOf(string model) => new(ModelTag, model);
}
