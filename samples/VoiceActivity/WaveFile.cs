using System;
using System.IO;
using System.Text;

namespace VoiceActivity;

/// <summary>Reads the one kind of WAV file the sample needs: RIFF, PCM, 16-bit, mono.</summary>
internal static class WaveFile
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a 16-bit mono PCM WAV.</exception>
    public static MonoAudio ReadMono16(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        if (Tag(reader) != "RIFF") throw Invalid(path, "it does not start with RIFF");
        reader.ReadUInt32();
        if (Tag(reader) != "WAVE") throw Invalid(path, "it is not a WAVE file");

        int? sampleRate = null;
        // Chunks come in any order and may include others (LIST, fact...): walk them until "data".
        while (reader.BaseStream.Position + 8 <= reader.BaseStream.Length)
        {
            string chunk = Tag(reader);
            int size = reader.ReadInt32();
            long next = reader.BaseStream.Position + size + (size & 1);
            if (chunk == "fmt ")
            {
                short format = reader.ReadInt16();
                short channels = reader.ReadInt16();
                sampleRate = reader.ReadInt32();
                reader.ReadInt32();
                reader.ReadInt16();
                short bits = reader.ReadInt16();
                if (format != 1 || channels != 1 || bits != 16)
                    throw Invalid(path, $"it is format {format}, {channels} channel(s), {bits}-bit; 16-bit mono PCM (format 1) is needed");
            }
            else if (chunk == "data")
            {
                if (sampleRate is null) throw Invalid(path, "its data chunk comes before its fmt chunk");
                var samples = new float[size / 2];
                for (int i = 0; i < samples.Length; i++) samples[i] = reader.ReadInt16() / 32768f;
                return new MonoAudio(samples, sampleRate.Value);
            }
            reader.BaseStream.Position = next;
        }
        throw Invalid(path, "it has no data chunk");
    }

    private static string Tag(BinaryReader reader) => Encoding.ASCII.GetString(reader.ReadBytes(4));

    private static InvalidDataException Invalid(string path, string why) => new($"Cannot read {path}: {why}.");
}
