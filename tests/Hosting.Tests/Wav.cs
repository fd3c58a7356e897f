using System;
using System.IO;
using System.Text;

namespace OnnxTyped.Hosting.Tests;

/// <summary>WAV files made in the tests: 16-bit PCM at any rate and channel count.</summary>
internal static class Wav
{
    public static byte[] Encode(float[] samples, int rate = 16000, int channels = 1)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(Encoding.ASCII.GetBytes("RIFF"));
        writer.Write(36 + samples.Length * 2);
        writer.Write(Encoding.ASCII.GetBytes("WAVEfmt "));
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)channels);
        writer.Write(rate);
        writer.Write(rate * channels * 2);
        writer.Write((short)(channels * 2));
        writer.Write((short)16);
        writer.Write(Encoding.ASCII.GetBytes("data"));
        writer.Write(samples.Length * 2);
        foreach (float sample in samples) writer.Write((short)Math.Clamp(MathF.Round(sample * 32768f), short.MinValue, short.MaxValue));
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>The samples of a 16-bit mono WAV (the repository's speech.wav), read independently of the service's reader.</summary>
    public static float[] Samples(byte[] wav)
    {
        int data = FindData(wav, out int size);
        var samples = new float[size / 2];
        for (int i = 0; i < samples.Length; i++) samples[i] = BitConverter.ToInt16(wav, data + 2 * i) / 32768f;
        return samples;
    }

    private static int FindData(byte[] wav, out int size)
    {
        int position = 12;
        while (position + 8 <= wav.Length)
        {
            size = BitConverter.ToInt32(wav, position + 4);
            if (Encoding.ASCII.GetString(wav, position, 4) == "data") return position + 8;
            position += 8 + size + (size & 1);
        }
        throw new InvalidDataException("No data chunk.");
    }
}
