using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InferenceService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Package;

/// <summary>The warm-up service and the readiness and liveness checks it feeds.</summary>
public sealed class WarmUpAndHealthTests
{
    private static Task<HealthReport> Check(TestHost host, string tag) =>
        host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains(tag));

    private static Task WaitFor(HostedModel model, HostedModelState state) =>
        Waits.Until(() => model.State == state, () => $"{model.Name} stayed {model.State}, not {state}.");

    // The default warm-up runs zeros of the declared shapes: the classifier's symbolic dims as 1, Silero's sequence as configured.
    [Fact]
    public async Task TheDefaultWarmUp_RunsEachModelOnce_ThenReadinessIsHealthy()
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Models:Voice:WarmUpDims:sequence"] = "576",
            ["Models:Voice:MicroBatching:MaxBatchSize"] = "8",
        }, (services, configuration) =>
        {
            services.AddOnnxModel<TextDirectionClassifier>();
            services.AddOnnxModel<VoiceActivityDetector>(configuration.GetSection("Models:Voice"));
        });
        await host.Host.StartAsync();
        foreach (HostedModel model in host.Services.GetServices<HostedModel>()) await WaitFor(model, HostedModelState.Ready);

        HealthReport ready = await Check(host, OnnxModelHealthChecks.ReadyTag);
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Equal("Ready", ready.Entries[OnnxModelHealthChecks.ReadyCheckName].Data["VoiceActivityDetector"]);
        Assert.Contains(host.Logs.Lines, line => line.StartsWith("OnnxTyped.Hosting[2] Information: Model TextDirectionClassifier warmed up in ", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, line => line.StartsWith("OnnxTyped.Hosting[2] Information: Model VoiceActivityDetector warmed up in ", StringComparison.Ordinal));
        // The warm-up went through the micro-batcher: one request, one batch.
        MicroBatchStatistics statistics = ((IOnnxModel)host.Services.GetRequiredService<VoiceActivityDetector>()).Model.MicroBatchStatistics!.Value;
        Assert.Equal(1, statistics.Requests);
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task ReadinessWaitsForTheWarmUp_LivenessDoesNot()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using TestHost host = TestHost.Build(new Dictionary<string, string?>(), (services, _) =>
            services.AddOnnxModel<TextDirectionClassifier>().WithWarmUp((model, cancellation) => new ValueTask(gate.Task.WaitAsync(cancellation))));
        await host.Host.StartAsync();
        HostedModel hosted = Assert.Single(host.Services.GetServices<HostedModel>());
        await WaitFor(hosted, HostedModelState.WarmingUp);

        HealthReport ready = await Check(host, OnnxModelHealthChecks.ReadyTag);
        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.Equal("TextDirectionClassifier is WarmingUp.", ready.Entries[OnnxModelHealthChecks.ReadyCheckName].Description);
        Assert.Equal(HealthStatus.Healthy, (await Check(host, OnnxModelHealthChecks.LiveTag)).Status);

        gate.SetResult();
        await WaitFor(hosted, HostedModelState.Ready);
        Assert.Equal(HealthStatus.Healthy, (await Check(host, OnnxModelHealthChecks.ReadyTag)).Status);

        // Stopping: not ready any more, at once (before the models are disposed).
        await host.Host.StopAsync();
        Assert.Equal(HostedModelState.Stopping, hosted.State);
        Assert.Equal(HealthStatus.Unhealthy, (await Check(host, OnnxModelHealthChecks.ReadyTag)).Status);
        Assert.Contains(host.Logs.Lines, line => line.Contains("Stopping: 1 model(s) report not ready"));
    }

    [Fact]
    public async Task AFailedWarmUp_MakesReadinessAndLivenessUnhealthy_AndIsLogged()
    {
        using TestHost host = TestHost.Build(new Dictionary<string, string?>(), (services, _) =>
        {
            services.AddOnnxModel<TextDirectionClassifier>().WithWarmUp((model, cancellation) => throw new InvalidOperationException("the warm-up input is wrong"));
            services.AddOnnxModel<VoiceActivityDetector>().Configure(options => options.WarmUp = false);
        });
        await host.Host.StartAsync();
        var models = new List<HostedModel>(host.Services.GetServices<HostedModel>());
        await WaitFor(models[0], HostedModelState.Failed);
        await WaitFor(models[1], HostedModelState.Ready);

        Assert.Equal("the warm-up input is wrong", models[0].Failure!.Message);
        HealthReport live = await Check(host, OnnxModelHealthChecks.LiveTag);
        Assert.Equal(HealthStatus.Unhealthy, live.Status);
        Assert.Equal("TextDirectionClassifier failed: the warm-up input is wrong", live.Entries[OnnxModelHealthChecks.LiveCheckName].Description);
        Assert.Equal(HealthStatus.Unhealthy, (await Check(host, OnnxModelHealthChecks.ReadyTag)).Status);
        Assert.Contains(host.Logs.Lines, line => line.StartsWith("OnnxTyped.Hosting[4] Critical: Model TextDirectionClassifier could not be opened or warmed up", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, line => line == "OnnxTyped.Hosting[3] Information: Model VoiceActivityDetector is ready without a warm-up: WarmUp is false");
        // A failed model stays failed when the host stops.
        await host.Host.StopAsync();
        Assert.Equal(HostedModelState.Failed, models[0].State);
    }
}
