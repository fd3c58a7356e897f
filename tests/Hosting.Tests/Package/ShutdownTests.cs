using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using InferenceService;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Package;

/// <summary>A host ending with micro-batched calls queued: each finishes (the queue runs first), none is lost, then the model refuses calls.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task QueuedCalls_Finish_ThenTheModelIsDisposed()
    {
        TestHost host = TestHost.Build(new Dictionary<string, string?>
        {
            ["M:WarmUp"] = "false",
            ["M:MicroBatching:MaxBatchSize"] = "4",
            ["M:MicroBatching:MaxWait"] = "50",
            ["M:MicroBatching:MaxConcurrentBatches"] = "1",
            ["M:MicroBatching:AlwaysWaitsMaxWait"] = "true",
        }, (services, configuration) => services.AddKeyedOnnxModel<TextDirectionClassifier>("shutdown", configuration.GetSection("M")));
        await host.Host.StartAsync();
        TextDirectionClassifier model = host.Services.GetRequiredKeyedService<TextDirectionClassifier>("shutdown");
        TextDirectionAnswer expected = await TextDirectionEndpoint.ClassifyAsync(model, new float[3 * 48 * 192], default);

        // 24 calls, 4 per batch, each batch waiting 50 ms: most are still queued when the host ends.
        Task<TextDirectionAnswer>[] calls = Enumerable.Range(0, 24)
            .Select(_ => TextDirectionEndpoint.ClassifyAsync(model, new float[3 * 48 * 192], default)).ToArray();
        await host.Host.StopAsync();
        // The container disposes the model, which runs its queue first.
        host.Dispose();

        TextDirectionAnswer[] answers = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(answers, answer => Assert.Equal(expected, answer));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => TextDirectionEndpoint.ClassifyAsync(model, new float[3 * 48 * 192], default));
    }
}
