using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OnnxTyped.Samples;
using Spectre.Console;
using VoiceActivity;

// Streams a recording through Silero VAD (the SileroVad class is generated from the OnnxModel item in
// VoiceActivity.csproj), prints where the speech is and plots the speech probability over time.
// Options: --audio <16 kHz mono 16-bit WAV> (default: the bundled data/speech.wav), --output <png>.
try
{
    SampleArguments arguments = SampleArguments.Parse(args, "audio", "output");
    string audioPath = arguments.Get("audio", Path.Combine(AppContext.BaseDirectory, "data", "speech.wav"));
    string outputPath = Path.GetFullPath(arguments.Get("output", Path.Combine(AppContext.BaseDirectory, "output.png")));

    MonoAudio audio = WaveFile.ReadMono16(audioPath);
    if (audio.SampleRate != VoiceActivityStream.SampleRate)
        throw new InvalidDataException($"{audioPath} is sampled at {audio.SampleRate} Hz; this sample runs Silero VAD at {VoiceActivityStream.SampleRate} Hz.");
    AnsiConsole.MarkupLine($"Silero VAD ([grey]silero_vad_16k_op15.onnx[/]) over [grey]{Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, audioPath))}[/] ({audio.Seconds:0.00} s)");

    using SileroVad model = SileroVad.Load();
    using var stream = new VoiceActivityStream(model);
    float[] probabilities = Stream(stream, audio.Samples);

    const double frameSeconds = (double)VoiceActivityStream.FrameSamples / VoiceActivityStream.SampleRate;
    IReadOnlyList<SpeechSegment> segments = SpeechSegmenter.Find(probabilities, frameSeconds, audio.Seconds);
    AnsiConsole.Write(SegmentTable(segments));

    ProbabilityPlot.Write(outputPath, $"Silero VAD over {Path.GetFileName(audioPath)}", audio, probabilities, frameSeconds, segments);
    AnsiConsole.MarkupLine($"Plot written to [blue]{Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, outputPath))}[/]");

    double speech = segments.Sum(s => s.Seconds);
    Console.WriteLine(
        $"Summary: {segments.Count} speech {(segments.Count == 1 ? "segment" : "segments")}, {speech:0.00} s of speech in {audio.Seconds:0.00} s of audio " +
        $"({100 * speech / audio.Seconds:0} %), {probabilities.Length} frames of {1000 * frameSeconds:0} ms.");
    return 0;
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException or ArgumentException)
{
    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
    return 1;
}

// One speech probability per 512-sample frame, with a progress bar over the frames.
static float[] Stream(VoiceActivityStream stream, float[] samples)
{
    int frameCount = (samples.Length + VoiceActivityStream.FrameSamples - 1) / VoiceActivityStream.FrameSamples;
    var probabilities = new float[frameCount];
    AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .Start(context =>
        {
            ProgressTask task = context.AddTask($"{frameCount} frames", maxValue: frameCount);
            for (int i = 0; i < frameCount; i++)
            {
                int start = i * VoiceActivityStream.FrameSamples;
                int length = Math.Min(VoiceActivityStream.FrameSamples, samples.Length - start);
                probabilities[i] = stream.Next(samples.AsSpan(start, length));
                task.Increment(1);
            }
        });
    return probabilities;
}

static Table SegmentTable(IReadOnlyList<SpeechSegment> segments)
{
    var table = new Table().AddColumns("#", "start (s)", "end (s)", "length (s)");
    for (int i = 0; i < segments.Count; i++)
        table.AddRow($"{i + 1}", $"{segments[i].Start:0.00}", $"{segments[i].End:0.00}", $"{segments[i].Seconds:0.00}");
    return table;
}
