using System;
using System.Buffers.Binary;
using System.Text;

namespace InferenceService;

/// <summary>Reads the one kind of WAV the service takes from a request body: RIFF, PCM, 16-bit, mono, 16 kHz.</summary>
internal static class WaveData
{
    public const int SampleRate = 16000;

    /// <summary>The samples of <paramref name="wav"/>, scaled to [-1, 1).</summary>
    /// <exception cref="BadInputException">Not such a WAV, another rate or format, or truncated (400).</exception>
    public static float[] ReadMono16k(byte[] wav)
    {
        ReadOnlySpan<byte> bytes = wav;
        if (bytes.Length < 12 || Tag(bytes, 0) != "RIFF" || Tag(bytes, 8) != "WAVE")
            throw BadInputException.BadRequest("The body is not a WAV: it does not start with RIFF....WAVE.");
        bool formatRead = false;
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
                int rate = BinaryPrimitives.ReadInt32LittleEndian(format.Slice(4));
                int bits = BinaryPrimitives.ReadUInt16LittleEndian(format.Slice(14));
                if (encoding != 1 || channels != 1 || bits != 16)
                    throw BadInputException.BadRequest($"The WAV is format {encoding}, {channels} channel(s), {bits}-bit; 16-bit mono PCM (format 1) is taken.");
                if (rate != SampleRate)
                    throw BadInputException.BadRequest($"The WAV is sampled at {rate} Hz; Silero VAD is run at {SampleRate} Hz here: resample it first.");
                formatRead = true;
            }
            else if (chunk == "data")
            {
                if (!formatRead) throw BadInputException.BadRequest("The WAV's data chunk comes before its fmt chunk.");
                if (body + size > bytes.Length) throw Truncated($"its data chunk declares {size} bytes but {bytes.Length - body} follow");
                var samples = new float[size / 2];
                for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.Slice(body + 2 * i)) / 32768f;
                return samples;
            }
            long next = body + size + (size & 1);
            if (next > bytes.Length) throw Truncated($"its {chunk.Trim()} chunk runs past the end");
            position = (int)next;
        }
        throw Truncated("it has no data chunk");
    }

    private static string Tag(ReadOnlySpan<byte> bytes, int at) => Encoding.ASCII.GetString(bytes.Slice(at, 4));

    private static BadInputException Truncated(string why) => BadInputException.BadRequest($"The WAV is truncated or damaged: {why}.");
}
