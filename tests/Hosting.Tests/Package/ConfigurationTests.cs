using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using InferenceService;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Package;

/// <summary>What configuration sets, read without reflection, and that the model is opened as it says.</summary>
public sealed class ConfigurationTests
{
    private static OnnxModelOptions Read(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new OnnxModelOptions();
        ModelConfiguration.Read(configuration.GetSection("M"), options);
        Assert.Empty(options.ConfigurationErrors);
        return options;
    }

    [Fact]
    public void EverySetting_IsRead()
    {
        OnnxModelOptions options = Read(new()
        {
            ["M:ModelPath"] = "models/x.onnx",
            ["M:Device"] = "cuda:1",
            ["M:Fallback"] = "fail",
            ["M:Providers:0"] = "TensorrtExecutionProvider",
            ["M:Providers:1"] = "CUDAExecutionProvider",
            ["M:ProviderOptions:CUDAExecutionProvider:device_id"] = "1",
            ["M:MicroBatching:MaxBatchSize"] = "8",
            ["M:MicroBatching:MaxWait"] = "00:00:00.005",
            ["M:MicroBatching:MaxQueueLength"] = "100",
            ["M:MicroBatching:WhenQueueFull"] = "Wait",
            ["M:MicroBatching:BatchDim"] = "batch",
            ["M:MicroBatching:MaxConcurrentBatches"] = "3",
            ["M:MicroBatching:AlwaysWaitsMaxWait"] = "true",
            ["M:WarmUp"] = "false",
            ["M:WarmUpDims:sequence"] = "576",
        });
        Assert.Equal("models/x.onnx", options.ModelPath);
        Assert.Equal("cuda:1", options.Device);
        Assert.Equal(DeviceFallback.Fail, options.Fallback);
        Assert.Equal(new[] { "TensorrtExecutionProvider", "CUDAExecutionProvider" }, options.Providers);
        Assert.Equal("1", options.ProviderOptions["CUDAExecutionProvider"]["device_id"]);
        MicroBatchOptions batching = options.MicroBatching!;
        Assert.Equal(8, batching.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(5), batching.MaxWait);
        Assert.Equal(100, batching.MaxQueueLength);
        Assert.Equal(QueueFullMode.Wait, batching.WhenQueueFull);
        Assert.Equal("batch", batching.BatchDim);
        Assert.Equal(3, batching.MaxConcurrentBatches);
        Assert.True(batching.AlwaysWaitsMaxWait);
        Assert.False(options.WarmUp);
        Assert.Equal(576, options.WarmUpDims["sequence"]);
    }

    [Theory]
    [InlineData("2", 2.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("00:00:00.010", 10.0)]
    public void MaxWait_IsMillisecondsOrATimeSpan(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Read(new() { ["M:MicroBatching:MaxWait"] = text }).MicroBatching!.MaxWait);

    [Fact]
    public void AMicroBatchingSection_TurnsItOnWithTheDefaultsUnlessDisabled()
    {
        MicroBatchOptions defaults = new();
        MicroBatchOptions batching = Read(new() { ["M:MicroBatching:MaxBatchSize"] = "4" }).MicroBatching!;
        Assert.Equal(4, batching.MaxBatchSize);
        Assert.Equal(defaults.MaxWait, batching.MaxWait);
        Assert.Equal(defaults.MaxQueueLength, batching.MaxQueueLength);
        Assert.Null(Read(new() { ["M:MicroBatching:MaxBatchSize"] = "4", ["M:MicroBatching:Enabled"] = "false" }).MicroBatching);
        Assert.Null(Read(new() { ["M:Device"] = "cpu" }).MicroBatching);
    }

    // The options reach the session: a batch never holds more requests than MaxBatchSize says.
    [Fact]
    public async Task TheModel_IsOpenedAsConfigured()
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Models:Voice:ModelPath"] = TestFiles.VadModel,
            ["Models:Voice:MicroBatching:MaxBatchSize"] = "3",
            ["Models:Voice:MicroBatching:MaxWait"] = "20",
        }, (services, configuration) => services.AddOnnxModel<VoiceActivityDetector>(configuration.GetSection("Models:Voice")));
        await host.Host.StartAsync();
        VoiceActivityDetector model = host.Services.GetRequiredService<VoiceActivityDetector>();
        ModelSession session = ((IOnnxModel)model).Model;
        Assert.Equal("VoiceActivityDetector", session.Name);
        Assert.Equal(BufferDevice.Cpu, session.Device);
        Assert.Equal("batch", session.MicroBatchDim);

        float[] speech = Wav.Samples(File.ReadAllBytes(TestFiles.Speech));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => VoiceActivityEndpoint.FindSpeechAsync(model, speech, default)));
        MicroBatchStatistics statistics = session.MicroBatchStatistics!.Value;
        Assert.InRange(statistics.LargestBatch, 2, 3);
        Assert.Contains(host.Logs.Lines, line => line.StartsWith("OnnxTyped.Hosting[1] Information: Opened model VoiceActivityDetector from " + TestFiles.VadModel, StringComparison.Ordinal));
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task OptionsSetInCode_ApplyAfterConfiguration()
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?> { ["Models:Voice:MicroBatching:MaxBatchSize"] = "3" },
            (services, configuration) => services.AddOnnxModel<VoiceActivityDetector>(configuration.GetSection("Models:Voice"))
                .Configure(options => options.MicroBatching = null));
        await host.Host.StartAsync();
        Assert.False(((IOnnxModel)host.Services.GetRequiredService<VoiceActivityDetector>()).Model.MicroBatches);
        Assert.Null(host.Services.GetRequiredService<IOptionsMonitor<OnnxModelOptions>>().Get("VoiceActivityDetector").MicroBatching);
        await host.Host.StopAsync();
    }
}
