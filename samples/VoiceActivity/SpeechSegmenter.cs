using System;
using System.Collections.Generic;

namespace VoiceActivity;

/// <summary>
/// Turns per-frame speech probabilities into speech segments. The rules and numbers are those Silero VAD's own
/// <c>get_speech_timestamps</c> uses by default (our implementation): speech starts at a frame of probability
/// <see cref="StartThreshold"/> or more; it ends only after <see cref="MinSilenceSeconds"/> below
/// <see cref="EndThreshold"/>, so the short dips between words do not split a sentence; segments shorter than
/// <see cref="MinSpeechSeconds"/> are clicks rather than speech; each segment is padded by <see cref="PadSeconds"/>.
/// </summary>
internal static class SpeechSegmenter
{
    /// <summary>The probability at which speech starts.</summary>
    public const float StartThreshold = 0.5f;

    /// <summary>The probability under which speech may end (hysteresis: lower than the start).</summary>
    public const float EndThreshold = StartThreshold - 0.15f;

    private const double MinSilenceSeconds = 0.100;
    private const double MinSpeechSeconds = 0.250;
    private const double PadSeconds = 0.030;

    /// <summary>Finds the speech in <paramref name="probabilities"/>, one per frame of <paramref name="frameSeconds"/>.</summary>
    /// <param name="probabilities">The speech probability of each frame, in order.</param>
    /// <param name="frameSeconds">The length of a frame.</param>
    /// <param name="totalSeconds">The length of the recording, the limit of the last segment's padding.</param>
    public static IReadOnlyList<SpeechSegment> Find(IReadOnlyList<float> probabilities, double frameSeconds, double totalSeconds)
    {
        var frameRanges = new List<(int Start, int End)>();
        int? start = null;
        int? quietSince = null;
        for (int i = 0; i < probabilities.Count; i++)
        {
            float p = probabilities[i];
            if (start is null)
            {
                if (p >= StartThreshold) start = i;
                continue;
            }
            if (p >= StartThreshold) quietSince = null;
            else if (p < EndThreshold) quietSince ??= i;
            if (quietSince is int quiet && (i + 1 - quiet) * frameSeconds >= MinSilenceSeconds)
            {
                frameRanges.Add((start.Value, quiet));
                (start, quietSince) = (null, null);
            }
        }
        if (start is not null) frameRanges.Add((start.Value, quietSince ?? probabilities.Count));

        var segments = new List<SpeechSegment>();
        foreach ((int first, int end) in frameRanges)
        {
            if ((end - first) * frameSeconds < MinSpeechSeconds) continue;
            double from = Math.Max(0, first * frameSeconds - PadSeconds);
            double to = Math.Min(totalSeconds, end * frameSeconds + PadSeconds);
            // Padding can make neighbours touch: they are then one segment.
            if (segments.Count > 0 && segments[^1].End >= from) segments[^1] = segments[^1] with { End = to };
            else segments.Add(new SpeechSegment(from, to));
        }
        return segments;
    }
}
