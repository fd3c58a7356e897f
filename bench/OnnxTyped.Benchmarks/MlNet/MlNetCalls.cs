using System;
using System.Collections.Generic;
using OnnxTyped.Benchmarks.Models;

namespace OnnxTyped.Benchmarks.MlNet;

/// <summary>The ML.NET variant of each benchmark model, with its input and output classes.</summary>
internal static class MlNetCalls
{
    public static IMlNetCall For(BenchmarkModel model) => model.Name switch
    {
        BenchmarkModelName.TinyMlp => new MlNetCall<TinyMlpMlNetInput, TinyMlpMlNetOutput>(
            model.Path, model.InputNames, model.OutputNames,
            new Dictionary<string, int[]> { ["x"] = new[] { 1, 64 }, ["y"] = new[] { 1, 10 } },
            new TinyMlpMlNetInput { X = (float[])model.InputArrays[0] },
            prediction => new[] { prediction.Y }),
        BenchmarkModelName.SileroVad => new MlNetCall<SileroVadMlNetInput, SileroVadMlNetOutput>(
            model.Path, model.InputNames, model.OutputNames,
            new Dictionary<string, int[]>
            {
                ["input"] = new[] { 1, 512 }, ["state"] = new[] { 2, 1, 128 }, ["output"] = new[] { 1, 1 }, ["stateN"] = new[] { 2, 1, 128 },
            },
            new SileroVadMlNetInput { Input = (float[])model.InputArrays[0], State = (float[])model.InputArrays[1], SampleRate = (long[])model.InputArrays[2] },
            prediction => new[] { prediction.Output, prediction.StateN }),
        BenchmarkModelName.PpOcrDetector => new MlNetCall<PpOcrDetectorMlNetInput, PpOcrDetectorMlNetOutput>(
            model.Path, model.InputNames, model.OutputNames,
            new Dictionary<string, int[]> { ["x"] = new[] { 1, 3, 640, 640 }, ["sigmoid_0.tmp_0"] = new[] { 1, 1, 640, 640 } },
            new PpOcrDetectorMlNetInput { X = (float[])model.InputArrays[0] },
            prediction => new[] { prediction.Map }),
        _ => throw new ArgumentException($"No ML.NET variant for '{model.Name}'.", nameof(model)),
    };
}
