using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using InferenceService;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Service;

/// <summary>Readiness, liveness, the Prometheus scrape and the OpenAPI description, as an orchestrator and a client see them.</summary>
public sealed class HealthAndMetricsTests
{
    // A third model whose warm-up waits for the test: readiness is 503 until it has run, liveness 200 throughout.
    [Fact]
    public async Task Readiness_IsUnhealthyUntilEveryWarmUpRan()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int warmUps = 0;
        await using var service = new ServiceFactory(services: services => services
            .AddKeyedOnnxModel<TextDirectionClassifier>("gated")
            .WithWarmUp(async (model, cancellation) =>
            {
                Interlocked.Increment(ref warmUps);
                await gate.Task.WaitAsync(cancellation);
                await TextDirectionEndpoint.ClassifyAsync(model, new float[3 * 48 * 192], cancellation);
            }));
        using HttpClient client = service.CreateClient();

        await Waits.Until(() => Volatile.Read(ref warmUps) == 1);
        using (HttpResponseMessage ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        }
        using (HttpResponseMessage live = await client.GetAsync("/health/live")) Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        // The other models serve meanwhile.
        using (HttpResponseMessage answer = await Responses.PostAsync(client, "/text-direction", File.ReadAllBytes(TestFiles.UprightLine), "image/png"))
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        gate.SetResult();
        await Waits.Until(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);
        using (HttpResponseMessage ready = await client.GetAsync("/health/ready")) Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(1, warmUps);
    }

    [Fact]
    public async Task Metrics_CountTheCallsAndBatchesOfEachModel()
    {
        await using var service = new ServiceFactory();
        using HttpClient client = service.CreateClient();
        await Waits.Until(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);
        string before = await client.GetStringAsync("/metrics");

        for (int i = 0; i < 3; i++)
            (await Responses.PostAsync(client, "/text-direction", File.ReadAllBytes(TestFiles.UprightLine), "image/png")).EnsureSuccessStatusCode();
        (await Responses.PostAsync(client, "/voice-activity", File.ReadAllBytes(TestFiles.Speech), "audio/wav")).EnsureSuccessStatusCode();
        // The exporter caches a scrape for a moment (300 ms by default): wait for one taken after the calls.
        string after = before;
        await Waits.Until(async () =>
        {
            after = await client.GetStringAsync("/metrics");
            return Sample(after, "onnxtyped_calls_total", "VoiceActivityDetector") > Sample(before, "onnxtyped_calls_total", "VoiceActivityDetector");
        });

        // One call per request for the classifier; one per 512-sample frame for Silero (speech.wav: 120,000 samples).
        Assert.Equal(3, Sample(after, "onnxtyped_calls_total", "TextDirectionClassifier") - Sample(before, "onnxtyped_calls_total", "TextDirectionClassifier"));
        Assert.Equal(235, Sample(after, "onnxtyped_calls_total", "VoiceActivityDetector") - Sample(before, "onnxtyped_calls_total", "VoiceActivityDetector"));
        Assert.Equal(3, Sample(after, "onnxtyped_call_duration_seconds_count", "TextDirectionClassifier") - Sample(before, "onnxtyped_call_duration_seconds_count", "TextDirectionClassifier"));
        Assert.True(Sample(after, "onnxtyped_batch_size_count", "VoiceActivityDetector") >= 235, after);
        Assert.Matches("onnxtyped_queue_length\\{[^}]*onnxtyped_model=\"VoiceActivityDetector\"", after);
    }

    [Fact]
    public async Task OpenApi_DescribesBothEndpointsAndTheirBodies()
    {
        await using var service = new ServiceFactory();
        using HttpClient client = service.CreateClient();
        using JsonDocument document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        JsonElement paths = document.RootElement.GetProperty("paths");
        foreach ((string path, string contentType) in new[] { ("/text-direction", "image/png"), ("/voice-activity", "audio/wav") })
        {
            JsonElement post = paths.GetProperty(path).GetProperty("post");
            Assert.Equal("binary", post.GetProperty("requestBody").GetProperty("content").GetProperty(contentType).GetProperty("schema").GetProperty("format").GetString());
            foreach (string status in new[] { "200", "400", "413", "503" }) Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), path + " " + status);
        }
    }

    // The value of a Prometheus sample of one model (0 when it is not there yet).
    private static double Sample(string scrape, string metric, string model)
    {
        Match match = Regex.Match(scrape, "^" + Regex.Escape(metric) + "\\{[^}]*onnxtyped_model=\"" + model + "\"[^}]*\\} ([0-9.eE+-]+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
