using System.Collections.Generic;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>Protobuf base-128 varints as mutations write them: shortest, padded to a length, or broken.</summary>
internal static class Varint
{
    public static byte[] Encode(ulong value) => Encode(value, 1);

    /// <summary><paramref name="value"/> in at least <paramref name="minBytes"/> bytes (padding with continuation bits: a valid, overlong encoding).</summary>
    public static byte[] Encode(ulong value, int minBytes)
    {
        var bytes = new List<byte>(10);
        do
        {
            byte low = (byte)(value & 0x7F);
            value >>= 7;
            bool more = value != 0 || bytes.Count + 1 < minBytes;
            bytes.Add(more ? (byte)(low | 0x80) : low);
            if (!more) break;
        }
        while (bytes.Count < 10);
        return bytes.ToArray();
    }

    public static byte[] Tag(int fieldNumber, int wireType) => Encode((ulong)(uint)fieldNumber << 3 | (uint)wireType);
}
