using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using VoiceActivity;

namespace InferenceService;

/// <summary><c>POST /voice-activity</c>: the speech segments of a 16 kHz WAV, by Silero VAD.</summary>
internal static class VoiceActivityEndpoint
{
    public static Task<IResult> HandleAsync(HttpRequest request, VoiceActivityDetector model, CancellationToken requestAborted) =>
        Answers.Of(async () =>
        {
            byte[] wav = await RequestBodies.ReadAsync(request, "audio/wav", requestAborted);
            return await FindSpeechAsync(model, WaveData.ReadMono16k(wav), requestAborted);
        }, requestAborted);

    /// <summary>Streams <paramref name="samples"/> (16 kHz) through the model and segments the probabilities as Silero does.</summary>
    public static async Task<VoiceActivityAnswer> FindSpeechAsync(VoiceActivityDetector model, float[] samples, CancellationToken cancellation)
    {
        var probabilities = new List<float>(samples.Length / VoiceActivityStream.FrameSamples + 1);
        using (var stream = new VoiceActivityStream(model))
        {
            for (int start = 0; start < samples.Length; start += VoiceActivityStream.FrameSamples)
            {
                int length = Math.Min(VoiceActivityStream.FrameSamples, samples.Length - start);
                probabilities.Add(await stream.NextAsync(samples.AsMemory(start, length), cancellation));
            }
        }
        IReadOnlyList<SpeechSegment> segments = SpeechSegmenter.Find(probabilities,
            (double)VoiceActivityStream.FrameSamples / WaveData.SampleRate, (double)samples.Length / WaveData.SampleRate);
        return new VoiceActivityAnswer(segments.Select(s => new SpeechSpan(Math.Round(s.Start, 3), Math.Round(s.End, 3))).ToArray());
    }

    /// <summary>The warm-up before readiness: a second of silence through the same path as a request.</summary>
    public static async ValueTask WarmUpAsync(VoiceActivityDetector model, CancellationToken cancellation) =>
        await FindSpeechAsync(model, new float[WaveData.SampleRate], cancellation);
}
