using System.Linq;
using InferenceService;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OnnxTyped;
using OnnxTyped.Hosting;
using OpenTelemetry.Metrics;

// An HTTP inference service: POST a PNG of a text line to /text-direction, or a 16 kHz WAV to /voice-activity. The two
// models come from the OnnxModel items in InferenceService.csproj; appsettings.json configures them (micro-batching on)
// under OnnxModels. Listens on http://localhost:5080 unless ASPNETCORE_URLS says otherwise.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrlsIfUnset("http://localhost:5080");
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodies.MaxBytes);

builder.Services.AddOnnxModel<TextDirectionClassifier>(builder.Configuration.GetSection("OnnxModels:TextDirection"))
    .WithWarmUp(TextDirectionEndpoint.WarmUpAsync);
builder.Services.AddOnnxModel<VoiceActivityDetector>(builder.Configuration.GetSection("OnnxModels:VoiceActivity"))
    .WithWarmUp(VoiceActivityEndpoint.WarmUpAsync);

builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMeter(OnnxTypedMetrics.MeterName)
    // Calls take milliseconds: buckets in seconds from 0.5 ms to 5 s rather than the default ones (made for milliseconds).
    .AddView(OnnxTypedMetrics.CallDuration, new ExplicitBucketHistogramConfiguration
    {
        Boundaries = new[] { 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5 },
    })
    .AddView(OnnxTypedMetrics.BatchSize, new ExplicitBucketHistogramConfiguration { Boundaries = new double[] { 1, 2, 4, 8, 16, 32, 64 } })
    .AddPrometheusExporter());
builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServiceJson.Default));

WebApplication app = builder.Build();

app.MapPost("/text-direction", TextDirectionEndpoint.HandleAsync)
    .TakesBinary("image/png", "A PNG of one line of text, at most 8 MiB.")
    .Produces<TextDirectionAnswer>()
    .ProducesProblem(StatusCodes.Status400BadRequest)
    .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
    .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
    .WithSummary("Which way up a line of text is")
    .WithDescription("Body: a PNG of one text line. PaddleOCR's direction classifier (resized to 3×48×192) answers 0 or 180 degrees and its score.");
app.MapPost("/voice-activity", VoiceActivityEndpoint.HandleAsync)
    .TakesBinary("audio/wav", "A 16 kHz mono 16-bit PCM WAV, at most 8 MiB.")
    .Produces<VoiceActivityAnswer>()
    .ProducesProblem(StatusCodes.Status400BadRequest)
    .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
    .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
    .WithSummary("Where the speech is in a recording")
    .WithDescription("Body: a 16 kHz mono 16-bit PCM WAV. Silero VAD runs it in 32 ms frames, each request with its own state; frames of concurrent requests are batched together. Answers the speech segments in seconds.");
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(OnnxModelHealthChecks.ReadyTag) });
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(OnnxModelHealthChecks.LiveTag) });
app.MapPrometheusScrapingEndpoint("/metrics");
app.MapOpenApi();

app.Run();

/// <summary>The entry point's class, public for the tests' <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program
{
}
