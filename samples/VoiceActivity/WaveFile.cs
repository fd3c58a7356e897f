using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace VoiceActivity;

/// <summary>
/// Reads the one kind of WAV the samples need: RIFF, PCM, 16-bit, mono, at any rate. Shared with the InferenceService
/// sample, which reads request bodies with it.
/// </summary>
internal static class WaveFile
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a 16-bit mono PCM WAV, or is truncated; the message names it.</exception>
    public static MonoAudio ReadMono16(string path)
    {
        try
        {
            return ReadMono16(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>Reads a whole WAV file's <paramref name="bytes"/>.</summary>
    /// <exception cref="InvalidDataException">Not a 16-bit mono PCM WAV, or truncated: the message says what is wrong.</exception>
    public static MonoAudio ReadMono16(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12 || Tag(bytes, 0) != "RIFF" || Tag(bytes, 8) != "WAVE")
            throw new InvalidDataException("The data is not a WAV: it does not start with RIFF....WAVE.");
        int? sampleRate = null;
        int position = 12;
        // Chunks come in any order and may include others (LIST, fact...): walk them until "data".
        while (position + 8 <= bytes.Length)
        {
            string chunk = Tag(bytes, position);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(position + 4));
            int body = position + 8;
            if (chunk == "fmt ")
            {
                if (size < 16 || body + 16 > bytes.Length) throw Truncated("its fmt chunk is cut short");
                ReadOnlySpan<byte> format = bytes.Slice(body, 16);
                int encoding = BinaryPrimitives.ReadUInt16LittleEndian(format);
                int channels = BinaryPrimitives.ReadUInt16LittleEndian(format.Slice(2));
                int bits = BinaryPrimitives.ReadUInt16LittleEndian(format.Slice(14));
                if (encoding != 1 || channels != 1 || bits != 16)
                    throw new InvalidDataException($"The WAV is format {encoding}, {channels} channel(s), {bits}-bit; 16-bit mono PCM (format 1) is needed.");
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(format.Slice(4));
            }
            else if (chunk == "data")
            {
                if (sampleRate is null) throw new InvalidDataException("The WAV's data chunk comes before its fmt chunk.");
                if (body + size > bytes.Length) throw Truncated($"its data chunk declares {size} bytes but {bytes.Length - body} follow");
                var samples = new float[size / 2];
                for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.Slice(body + 2 * i)) / 32768f;
                return new MonoAudio(samples, sampleRate.Value);
            }
            long next = body + size + (size & 1);
            if (next > bytes.Length) throw Truncated($"its {chunk.Trim()} chunk runs past the end");
            position = (int)next;
        }
        throw Truncated("it has no data chunk");
    }

    private static string Tag(ReadOnlySpan<byte> bytes, int at) => Encoding.ASCII.GetString(bytes.Slice(at, 4));

    private static InvalidDataException Truncated(string why) => new($"The WAV is truncated or damaged: {why}.");
}
