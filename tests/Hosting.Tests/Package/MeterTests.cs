using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using InferenceService;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Package;

/// <summary>The OnnxTyped meter, as a listener (OpenTelemetry's, here a plain MeterListener) sees the calls of a hosted model.</summary>
public sealed class MeterTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    public MeterTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OnnxTypedMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (KeyValuePair<string, object?> tag in tags) copy[tag.Key] = tag.Value;
        _measurements.Enqueue((instrument.Name, value, copy));
    }

    private List<(double Value, Dictionary<string, object?> Tags)> Of(string instrument, string model) =>
        _measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(OnnxTypedMetrics.ModelTag), model))
            .Select(m => (m.Value, m.Tags)).ToList();

    [Fact]
    public async Task CallsFailuresAndDurations_AreCountedPerModel()
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?>(), (services, _) =>
            services.AddKeyedOnnxModel<TextDirectionClassifier>("meter").Configure(options => options.WarmUp = false));
        await host.Host.StartAsync();
        TextDirectionClassifier model = host.Services.GetRequiredKeyedService<TextDirectionClassifier>("meter");
        const string name = "TextDirectionClassifier:meter";

        for (int i = 0; i < 4; i++) await TextDirectionEndpoint.ClassifyAsync(model, new float[3 * 48 * 192], default);
        using (var line = OnnxTensor<float>.Allocate(1, 3, 48, 192))
            model.Run(line).Dispose();
        using (var wrongRank = OnnxTensor<float>.Allocate(3, 48, 192))
            Assert.Throws<OnnxInputException>(() => model.Run(wrongRank));

        Assert.Equal(6, Of(OnnxTypedMetrics.Calls, name).Sum(m => m.Value));
        var failure = Assert.Single(Of(OnnxTypedMetrics.Failures, name));
        Assert.Equal(1, failure.Value);
        Assert.Equal(typeof(OnnxInputException).FullName, failure.Tags[OnnxTypedMetrics.ErrorTypeTag]);
        var durations = Of(OnnxTypedMetrics.CallDuration, name);
        Assert.Equal(6, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 1e-7, 60));
        Assert.Single(durations, d => d.Tags.ContainsKey(OnnxTypedMetrics.ErrorTypeTag));
        Assert.Empty(Of(OnnxTypedMetrics.BatchSize, name));
        await host.Host.StopAsync();
    }

    // RunIntoAsync without micro-batching runs on the caller's thread: one call per 512-sample frame of a second of silence.
    [Fact]
    public async Task DirectRunIntoCalls_AreCounted()
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?>(), (services, _) =>
            services.AddKeyedOnnxModel<VoiceActivityDetector>("direct").Configure(options => options.WarmUp = false));
        await host.Host.StartAsync();
        VoiceActivityDetector model = host.Services.GetRequiredKeyedService<VoiceActivityDetector>("direct");
        await VoiceActivityEndpoint.FindSpeechAsync(model, new float[16000], default);
        Assert.Equal(32, Of(OnnxTypedMetrics.Calls, "VoiceActivityDetector:direct").Sum(m => m.Value));
        Assert.Equal(32, Of(OnnxTypedMetrics.CallDuration, "VoiceActivityDetector:direct").Count);
        Assert.Empty(Of(OnnxTypedMetrics.Failures, "VoiceActivityDetector:direct"));
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task MicroBatchedCalls_ReportBatchSizesAndTheQueue()
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?>
        {
            ["M:WarmUp"] = "false",
            ["M:MicroBatching:MaxBatchSize"] = "16",
            ["M:MicroBatching:MaxWait"] = "20",
        }, (services, configuration) => services.AddKeyedOnnxModel<TextDirectionClassifier>("batched", configuration.GetSection("M")));
        await host.Host.StartAsync();
        TextDirectionClassifier model = host.Services.GetRequiredKeyedService<TextDirectionClassifier>("batched");
        const string name = "TextDirectionClassifier:batched";

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => TextDirectionEndpoint.ClassifyAsync(model, new float[3 * 48 * 192], default)));
        _listener.RecordObservableInstruments();

        Assert.Equal(12, Of(OnnxTypedMetrics.Calls, name).Sum(m => m.Value));
        var batches = Of(OnnxTypedMetrics.BatchSize, name);
        Assert.Equal(12, batches.Sum(b => b.Value));
        Assert.True(batches.Count < 12, "no two calls were batched together");
        Assert.Equal(0, Assert.Single(Of(OnnxTypedMetrics.QueueLength, name)).Value);
        await host.Host.StopAsync();
    }

    // This machine has no GPU provider: a CUDA device falls back to the CPU, and the meter counts it.
    [Fact]
    public async Task ADeviceFallback_IsCounted()
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?> { ["M:Device"] = "cuda", ["M:WarmUp"] = "false" },
            (services, configuration) => services.AddKeyedOnnxModel<TextDirectionClassifier>("fallback", configuration.GetSection("M")));
        await host.Host.StartAsync();
        int before = _measurements.Count(m => m.Instrument == OnnxTypedMetrics.DeviceFallbacks);
        TextDirectionClassifier model = host.Services.GetRequiredKeyedService<TextDirectionClassifier>("fallback");
        Assert.Equal(BufferDevice.Cpu, model.Device);
        var fallbacks = _measurements.Where(m => m.Instrument == OnnxTypedMetrics.DeviceFallbacks).ToList();
        Assert.Equal(before + 1, fallbacks.Count);
        Assert.Equal("cuda:0", fallbacks[^1].Tags[OnnxTypedMetrics.RequestedDeviceTag]);
        Assert.Contains(host.Logs.Lines, line => line.StartsWith("OnnxTyped.Hosting[0] Warning: ", StringComparison.Ordinal));
        await host.Host.StopAsync();
    }
}
