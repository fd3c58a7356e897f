using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using InferenceService;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Service;

/// <summary>Each endpoint through the real HTTP pipeline, against ONNX Runtime's plain Run on the same input.</summary>
public sealed class EndpointTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TextDirection_AnswersAsThePlainRun(bool microBatching)
    {
        await using var service = new ServiceFactory(microBatching ? null : ServiceFactory.WithoutMicroBatching);
        using HttpClient client = service.CreateClient();
        foreach ((string file, int angle) in new[] { (TestFiles.UprightLine, 0), (TestFiles.UpsideDownLine, 180) })
        {
            byte[] png = File.ReadAllBytes(file);
            TextDirectionAnswer answer = await Responses.TextDirectionAsync(await Responses.PostAsync(client, "/text-direction", png, "image/png"));
            TextDirectionAnswer plain = PlainAnswers.TextDirection(png);
            Assert.Equal(plain, answer);
            Assert.Equal(angle, answer.Angle);
            Assert.True(answer.Score > 0.9f, $"{file}: score {answer.Score}");
        }
        Assert.Equal(microBatching, ((IOnnxModel)service.Services.GetRequiredService<TextDirectionClassifier>()).Model.MicroBatches);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task VoiceActivity_AnswersAsThePlainRun(bool microBatching)
    {
        await using var service = new ServiceFactory(microBatching ? null : ServiceFactory.WithoutMicroBatching);
        using HttpClient client = service.CreateClient();
        byte[] wav = File.ReadAllBytes(TestFiles.Speech);
        VoiceActivityAnswer answer = await Responses.VoiceActivityAsync(await Responses.PostAsync(client, "/voice-activity", wav, "audio/wav"));
        SpeechSpan[] plain = PlainAnswers.VoiceActivity(Wav.Samples(wav));
        Assert.Equal(plain, answer.Segments);
        // The recording holds two sentences between silences: speech is found, not everywhere.
        Assert.InRange(answer.Segments.Count, 2, 4);
        Assert.All(answer.Segments, s => Assert.True(s.End > s.Start));
    }

    // Concurrent requests, each with other audio: their frames run in shared batches, but each keeps its own state, so
    // each answer is that of its own recording alone.
    [Fact]
    public async Task VoiceActivity_ConcurrentRequestsKeepTheirOwnState()
    {
        await using var service = new ServiceFactory();
        using HttpClient client = service.CreateClient();
        float[] speech = Wav.Samples(File.ReadAllBytes(TestFiles.Speech));
        float[][] recordings = Enumerable.Range(0, 12).Select(i => i switch
        {
            0 => new float[16000],
            1 => speech.Reverse().ToArray(),
            _ => new float[(i - 2) * 1600].Concat(speech.Select(s => s * (0.4f + 0.05f * i))).ToArray(),
        }).ToArray();

        VoiceActivityAnswer[] answers = await Task.WhenAll(recordings.Select(async samples =>
            await Responses.VoiceActivityAsync(await Responses.PostAsync(client, "/voice-activity", Wav.Encode(samples), "audio/wav"))));

        for (int i = 0; i < recordings.Length; i++)
            Assert.Equal(PlainAnswers.VoiceActivity(Wav.Samples(Wav.Encode(recordings[i]))), answers[i].Segments);
        Assert.Empty(answers[0].Segments);
        MicroBatchStatistics statistics = ((IOnnxModel)service.Services.GetRequiredService<VoiceActivityDetector>()).Model.MicroBatchStatistics!.Value;
        Assert.True(statistics.LargestBatch > 1, $"no two requests' frames ran in one batch: {statistics}");
    }
}
