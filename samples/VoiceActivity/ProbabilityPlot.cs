using System;
using System.Collections.Generic;
using System.Linq;
using OnnxTyped.Samples;
using ScottPlot;

namespace VoiceActivity;

/// <summary>
/// Draws the result as a PNG: the speech probability of every frame over time, the start threshold, the speech
/// segments shaded, and the waveform behind them on its own axis so one can see that the shading follows the voice.
/// </summary>
internal static class ProbabilityPlot
{
    private const int Width = 1200;
    private const int Height = 460;

    /// <summary>Writes the plot of <paramref name="audio"/>, named <paramref name="title"/>, to <paramref name="path"/>.</summary>
    public static void Write(string path, string title, MonoAudio audio, IReadOnlyList<float> probabilities, double frameSeconds, IReadOnlyList<SpeechSegment> segments)
    {
        // ScottPlot looks fonts up by family name; with no fontconfig it knows none until given the files.
        Fonts.AddFontFile(SampleFonts.FamilyName, SampleFonts.RegularPath, bold: false, italic: false);
        Fonts.AddFontFile(SampleFonts.FamilyName, SampleFonts.BoldPath, bold: true, italic: false);

        var plot = new Plot();
        plot.Font.Set(SampleFonts.FamilyName);

        foreach (SpeechSegment segment in segments)
        {
            var span = plot.Add.HorizontalSpan(segment.Start, segment.End);
            span.FillColor = Colors.LimeGreen.WithAlpha(0.18);
            span.LineWidth = 0;
        }
        if (segments.Count > 0) plot.Legend.ManualItems.Add(new LegendItem { LabelText = "speech segment", FillColor = Colors.LimeGreen.WithAlpha(0.35) });

        var waveform = plot.Add.Signal(audio.Samples.Select(s => (double)s).ToArray(), 1.0 / audio.SampleRate);
        waveform.Color = Colors.Gray.WithAlpha(0.45);
        waveform.Axes.YAxis = plot.Axes.Right;
        waveform.LegendText = "waveform (right axis)";

        // A frame's probability is drawn at the frame's middle.
        var probability = plot.Add.Signal(probabilities.Select(p => (double)p).ToArray(), frameSeconds);
        probability.Data.XOffset = frameSeconds / 2;
        probability.Color = Colors.RoyalBlue;
        probability.LineWidth = 2;
        probability.LegendText = "speech probability";

        var threshold = plot.Add.HorizontalLine(SpeechSegmenter.StartThreshold);
        threshold.Color = Colors.OrangeRed;
        threshold.LinePattern = LinePattern.Dashed;
        threshold.LineWidth = 1.5f;
        threshold.LegendText = $"start threshold ({SpeechSegmenter.StartThreshold:0.0})";

        plot.Title(title);
        plot.XLabel("time (s)");
        plot.YLabel("speech probability");
        plot.Axes.Right.Label.Text = "amplitude";
        plot.Axes.SetLimitsX(0, audio.Seconds);
        plot.Axes.SetLimitsY(-0.02, 1.1);
        double peak = Math.Max(1e-3, audio.Samples.Max(Math.Abs));
        plot.Axes.SetLimitsY(-peak * 1.1, peak * 1.1, plot.Axes.Right);
        // Below the plot, where it hides no data.
        plot.ShowLegend(Edge.Bottom);

        plot.SavePng(path, Width, Height);
    }
}
