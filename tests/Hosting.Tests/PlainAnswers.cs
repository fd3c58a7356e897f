using System;
using System.Collections.Generic;
using System.Linq;
using InferenceService;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VoiceActivity;

namespace OnnxTyped.Hosting.Tests;

/// <summary>
/// What the endpoints must answer, from ONNX Runtime's plain <c>InferenceSession.Run</c> on the same prepared input: no
/// OnnxTyped runner, no micro-batching, no HTTP.
/// </summary>
internal static class PlainAnswers
{
    private static readonly Lazy<InferenceSession> Classifier = new(() => new InferenceSession(TestFiles.ClassifierModel));
    private static readonly Lazy<InferenceSession> Vad = new(() => new InferenceSession(TestFiles.VadModel));
    private static readonly object Gate = new();

    public static TextDirectionAnswer TextDirection(byte[] png)
    {
        float[] line = TextLineInput.FromPng(png);
        var input = new DenseTensor<float>(line, new[] { 1, 3, TextLineInput.Height, TextLineInput.Width });
        lock (Gate)
        {
            using var results = Classifier.Value.Run(new[] { NamedOnnxValue.CreateFromTensor("x", input) });
            float[] scores = results.First().AsTensor<float>().ToArray();
            return scores[1] > scores[0] ? new TextDirectionAnswer(180, scores[1]) : new TextDirectionAnswer(0, scores[0]);
        }
    }

    /// <summary>Silero's probabilities frame by frame (512 samples, the 64 before in front), then its segments.</summary>
    public static SpeechSpan[] VoiceActivity(float[] samples)
    {
        var probabilities = new List<float>();
        var window = new float[576];
        var state = new DenseTensor<float>(new[] { 2, 1, 128 });
        var rate = new DenseTensor<long>(new[] { 16000L }, Array.Empty<int>());
        lock (Gate)
        {
            for (int start = 0; start < samples.Length; start += 512)
            {
                Array.Copy(window, 512, window, 0, 64);
                Array.Clear(window, 64, 512);
                Array.Copy(samples, start, window, 64, Math.Min(512, samples.Length - start));
                var input = new DenseTensor<float>((float[])window.Clone(), new[] { 1, 576 });
                using var results = Vad.Value.Run(new[]
                {
                    NamedOnnxValue.CreateFromTensor("input", input),
                    NamedOnnxValue.CreateFromTensor("state", state),
                    NamedOnnxValue.CreateFromTensor("sr", rate),
                });
                probabilities.Add(results.First(r => r.Name == "output").AsTensor<float>().GetValue(0));
                state = (DenseTensor<float>)results.First(r => r.Name == "stateN").AsTensor<float>().Clone();
            }
        }
        return SpeechSegmenter.Find(probabilities, 512.0 / 16000, samples.Length / 16000.0)
            .Select(s => new SpeechSpan(Math.Round(s.Start, 3), Math.Round(s.End, 3))).ToArray();
    }
}
