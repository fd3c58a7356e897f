using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using InferenceService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Package;

/// <summary>A wrong setting fails the host's start with a message naming the model and the setting; no model is opened.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "ModelPath", "/nonexistent/cls.onnx", "the model file does not exist (looked for '/nonexistent/cls.onnx')" },
        { "Providers:0", "FooExecutionProvider", "'FooExecutionProvider' is not an execution provider ONNX Runtime knows; known: CPUExecutionProvider, CUDAExecutionProvider" },
        { "Device", "gpu", "Device is 'gpu'; it must be cpu, cuda or cuda:N." },
        { "Fallback", "maybe", "'Models:Voice:Fallback' is 'maybe'; it must be one of UseCpu, Fail." },
        { "MicroBatching:MaxBatchSize", "0", "MicroBatching: MaxBatchSize must be at least 1." },
        { "MicroBatching:MaxBatchSize", "many", "'Models:Voice:MicroBatching:MaxBatchSize' is 'many'; it must be an integer." },
        { "MicroBatching:MaxWait", "20000", "MicroBatching: MaxWait must be between zero and 10 seconds." },
        { "MicroBatching:MaxWait", "soon", "'Models:Voice:MicroBatching:MaxWait' is 'soon'; it must be a duration" },
        { "MicroBatching:WhenQueueFull", "2", "'Models:Voice:MicroBatching:WhenQueueFull' is '2'; it must be one of Throw, Wait." },
        { "MicroBatching:BatchDim", "height", "MicroBatching: VoiceActivityDetector: BatchDim 'height' is not a batch axis of the model" },
        { "MicroBatchin:MaxBatchSize", "4", "'Models:Voice:MicroBatchin' is not a setting; the settings here are ModelPath, Device" },
        { "WarmUpDims:sequence", "0", "WarmUpDims:sequence is 0; a dimension of the warm-up is at least 1." },
        { "WarmUp", "sometimes", "'Models:Voice:WarmUp' is 'sometimes'; it must be true or false." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AWrongSetting_FailsTheStart(string key, string value, string message)
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?> { ["Models:Voice:" + key] = value },
            (services, configuration) => services.AddOnnxModel<VoiceActivityDetector>(configuration.GetSection("Models:Voice")));

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync());
        Assert.Contains("OnnxModel 'VoiceActivityDetector': " + message, error.Message, System.StringComparison.Ordinal);
        Assert.All(host.Services.GetServices<HostedModel>(), model => Assert.Equal(HostedModelState.Starting, model.State));
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains("Opened model"));
    }

    [Fact]
    public async Task EveryWrongSetting_IsReportedAtOnce()
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Models:Voice:Device"] = "tpu",
            ["Models:Voice:MicroBatching:MaxQueueLength"] = "0",
            ["Models:Voice:Colour"] = "blue",
        }, (services, configuration) => services.AddOnnxModel<VoiceActivityDetector>(configuration.GetSection("Models:Voice")));

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync());
        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("Device is 'tpu'"));
        Assert.Contains(error.Failures, f => f.Contains("MaxQueueLength must be at least 1"));
        Assert.Contains(error.Failures, f => f.Contains("'Models:Voice:Colour' is not a setting"));
    }

    // Only the named registration is validated by its validator: a good model beside a bad one is not blamed.
    [Fact]
    public async Task TheMessageNamesOnlyTheWrongModel()
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?> { ["Models:Voice:Device"] = "tpu" }, (services, configuration) =>
        {
            services.AddOnnxModel<VoiceActivityDetector>(configuration.GetSection("Models:Voice"));
            services.AddOnnxModel<TextDirectionClassifier>(configuration.GetSection("Models:Text"));
        });

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync());
        Assert.Single(error.Failures);
        Assert.DoesNotContain("TextDirectionClassifier", error.Message);
    }
}
