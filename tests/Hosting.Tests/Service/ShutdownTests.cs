using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using InferenceService;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Service;

/// <summary>The service stopping on a real Kestrel server while requests are in flight.</summary>
public sealed class ShutdownTests
{
    // Stopping the host (SIGTERM does the same): readiness turns unhealthy at once, the server stops taking connections
    // and finishes the requests it has, each answered in full; then the container disposes the models.
    [Fact]
    public async Task Shutdown_AnswersEveryRequestInFlight_ThenDisposesTheModels()
    {
        var entered = new RequestsEntered();
        var service = new ServiceFactory(services: services => services.AddSingleton<IStartupFilter>(entered));
        service.UseKestrel(0);
        service.StartServer();
        using HttpClient client = service.CreateClient();
        await Waits.Until(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);

        float[] speech = Wav.Samples(File.ReadAllBytes(TestFiles.Speech));
        float[] longer = speech.Concat(speech).Concat(speech).ToArray();
        SpeechSpan[] expected = PlainAnswers.VoiceActivity(longer);
        VoiceActivityDetector vad = service.Services.GetRequiredService<VoiceActivityDetector>();
        ModelSession session = ((IOnnxModel)vad).Model;
        long callsBefore = session.MicroBatchStatistics!.Value.Requests;

        Task<HttpResponseMessage>[] inFlight = Enumerable.Range(0, 8)
            .Select(_ => Responses.PostAsync(client, "/voice-activity", Wav.Encode(longer), "audio/wav")).ToArray();
        // Every request has reached the endpoint (the server accepted all 8) and frames are running before the host is
        // told to stop: a request whose connection is not yet open when the server stops would be refused, not in flight.
        await Waits.Until(() => entered.Count(endpoint: "/voice-activity") == 8);
        await Waits.Until(() => session.MicroBatchStatistics!.Value.Requests - callsBefore >= 8 * 20);

        HostedModel[] models = service.Services.GetServices<HostedModel>().ToArray();
        Task stopping = service.Services.GetRequiredService<IHost>().StopAsync();
        HttpResponseMessage[] answers = await Task.WhenAll(inFlight).WaitAsync(TimeSpan.FromSeconds(60));
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));

        foreach (HttpResponseMessage answer in answers)
            Assert.Equal(expected, (await Responses.VoiceActivityAsync(answer)).Segments);
        Assert.All(models, model => Assert.Equal(HostedModelState.Stopping, model.State));

        await service.DisposeAsync();
        using var input = OnnxTensor<float>.Allocate(1, 576);
        using var state = OnnxTensor<float>.Allocate(2, 1, 128);
        using var rate = OnnxTensor<long>.FromArray(new[] { 16000L });
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => (await vad.RunAsync(input, state, rate)).Dispose());
    }
}

/// <summary>Counts the requests that reached the pipeline, per path: the server accepted them.</summary>
internal sealed class RequestsEntered : IStartupFilter
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new();

    public int Count(string endpoint) => _counts.TryGetValue(endpoint, out int count) ? count : 0;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, then) =>
        {
            _counts.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, count) => count + 1);
            await then(context);
        });
        next(app);
    };
}
