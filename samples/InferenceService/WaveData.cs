using System.IO;
using VoiceActivity;

namespace InferenceService;

/// <summary>The one kind of WAV the service takes from a request body: 16-bit mono PCM (read by the VoiceActivity sample's <see cref="WaveFile"/>) at 16 kHz.</summary>
internal static class WaveData
{
    public const int SampleRate = 16000;

    /// <summary>The samples of <paramref name="wav"/>, scaled to [-1, 1).</summary>
    /// <exception cref="BadInputException">Not such a WAV, another rate or format, or truncated (400).</exception>
    public static float[] ReadMono16k(byte[] wav)
    {
        MonoAudio audio;
        try
        {
            audio = WaveFile.ReadMono16(wav);
        }
        catch (InvalidDataException e)
        {
            throw BadInputException.BadRequest(e.Message);
        }
        if (audio.SampleRate != SampleRate)
            throw BadInputException.BadRequest($"The WAV is sampled at {audio.SampleRate} Hz; Silero VAD is run at {SampleRate} Hz here: resample it first.");
        return audio.Samples;
    }
}
