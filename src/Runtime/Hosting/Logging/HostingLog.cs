using System;
using Microsoft.Extensions.Logging;

namespace OnnxTyped.Hosting;

/// <summary>What the hosting package logs, as source-generated <see cref="LoggerMessage"/> methods (no boxing, no parsing of templates per call).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened model {Model} from {Path} on {Device} ({Providers}) in {Milliseconds} ms; micro-batching {MicroBatching}")]
    public static partial void Opened(ILogger logger, string model, string path, string device, string providers, long milliseconds, string microBatching);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Model {Model} warmed up in {Milliseconds} ms")]
    public static partial void WarmedUp(ILogger logger, string model, long milliseconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Model {Model} is ready without a warm-up: {Reason}")]
    public static partial void WarmUpSkipped(ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "Model {Model} could not be opened or warmed up; readiness and liveness report it unhealthy")]
    public static partial void Failed(ILogger logger, string model, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Stopping: {Count} model(s) report not ready; calls in flight and queued finish before the models are disposed")]
    public static partial void Stopping(ILogger logger, int count);
}
