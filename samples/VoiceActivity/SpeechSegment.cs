namespace VoiceActivity;

/// <summary>A stretch of speech, in seconds from the start of the recording.</summary>
internal sealed record SpeechSegment(double Start, double End)
{
    /// <summary>The length in seconds.</summary>
    public double Seconds => End - Start;
}
