namespace VoiceActivity;

/// <summary>A mono recording: samples scaled to [-1, 1] and their rate.</summary>
internal sealed record MonoAudio(float[] Samples, int SampleRate)
{
    /// <summary>The length in seconds.</summary>
    public double Seconds => (double)Samples.Length / SampleRate;
}
