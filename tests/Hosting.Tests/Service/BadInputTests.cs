using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Service;

/// <summary>Every kind of bad body gets 400 or 413 with a message that says what was wrong, never a 500; the service stays healthy.</summary>
public sealed class BadInputTests : IClassFixture<BadInputTests.Service>
{
    private readonly Service _service;

    public BadInputTests(Service service) => _service = service;

    public sealed class Service : IAsyncLifetime
    {
        public ServiceFactory Factory { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
    }

    public static TheoryData<string, string, string?, HttpStatusCode, string> Cases()
    {
        return new TheoryData<string, string, string?, HttpStatusCode, string>
        {
            { "png as text/plain", "/text-direction", "text/plain", HttpStatusCode.BadRequest, "must be image/png" },
            { "png without content type", "/text-direction", null, HttpStatusCode.BadRequest, "no content type" },
            { "wav to text-direction", "/text-direction", "image/png", HttpStatusCode.BadRequest, "not a PNG" },
            { "truncated png", "/text-direction", "image/png", HttpStatusCode.BadRequest, "damaged or truncated" },
            { "png header only", "/text-direction", "image/png", HttpStatusCode.BadRequest, "damaged or truncated" },
            { "empty png", "/text-direction", "image/png", HttpStatusCode.BadRequest, "empty" },
            { "png over the limit", "/text-direction", "image/png", HttpStatusCode.RequestEntityTooLarge, "at most 8388608" },
            { "wav as image/png", "/voice-activity", "image/png", HttpStatusCode.BadRequest, "must be audio/wav" },
            { "png to voice-activity", "/voice-activity", "audio/wav", HttpStatusCode.BadRequest, "not a WAV" },
            { "truncated wav", "/voice-activity", "audio/wav", HttpStatusCode.BadRequest, "truncated" },
            { "wav at 8 kHz", "/voice-activity", "audio/wav", HttpStatusCode.BadRequest, "8000 Hz" },
            { "stereo wav", "/voice-activity", "audio/wav", HttpStatusCode.BadRequest, "2 channel(s)" },
            { "wav over the limit", "/voice-activity", "audio/wav", HttpStatusCode.RequestEntityTooLarge, "at most 8388608" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task IsAnswered400Or413WithAMessage(string name, string path, string? contentType, HttpStatusCode status, string message)
    {
        using HttpClient client = _service.Factory.CreateClient();
        using HttpResponseMessage response = await Responses.PostAsync(client, path, Body(name), contentType);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await Responses.ProblemDetailAsync(response), StringComparison.Ordinal);

        // The service still answers a good request afterwards.
        using HttpResponseMessage good = await Responses.PostAsync(client, "/text-direction", File.ReadAllBytes(TestFiles.UprightLine), "image/png");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    private static byte[] Body(string name)
    {
        byte[] png = File.ReadAllBytes(TestFiles.UprightLine);
        byte[] wav = File.ReadAllBytes(TestFiles.Speech);
        return name switch
        {
            "png as text/plain" or "png without content type" or "wav as image/png" => name == "wav as image/png" ? wav : png,
            "wav to text-direction" => wav,
            "truncated png" => png[..(png.Length / 2)],
            "png header only" => png[..33],
            "empty png" => Array.Empty<byte>(),
            "png over the limit" or "wav over the limit" => new byte[8 * 1024 * 1024 + 1],
            "png to voice-activity" => png,
            "truncated wav" => wav[..(wav.Length / 2)],
            "wav at 8 kHz" => Wav.Encode(new float[8000], rate: 8000),
            "stereo wav" => Wav.Encode(new float[32000], channels: 2),
            _ => throw new ArgumentException(name),
        };
    }
}
