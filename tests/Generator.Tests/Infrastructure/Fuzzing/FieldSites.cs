using System.Collections.Generic;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>
/// Finds the fields of a protobuf file without its schema, so mutations can aim at tags, lengths and
/// varints instead of at random bytes. A length-delimited value is taken for a message when it parses as
/// one to its last byte; strings and weights that happen to parse give a few extra sites, which is harmless.
/// </summary>
internal static class FieldSites
{
    // Values longer than this are weights: never a message the reader enters, and slow to try.
    private const int MaxMessageBytes = 256 * 1024;
    private const int MaxDepth = 16;

    public static IReadOnlyList<FieldSite> Find(byte[] bytes)
    {
        var sites = new List<FieldSite>();
        TryWalk(bytes, 0, bytes.Length, null, sites);
        return sites;
    }

    /// <summary>Adds the fields of [<paramref name="start"/>, <paramref name="end"/>) to <paramref name="sites"/>; false (adding nothing) unless they fill it exactly.</summary>
    private static bool TryWalk(byte[] bytes, long start, long end, FieldSite? parent, List<FieldSite> sites)
    {
        int firstNew = sites.Count;
        long position = start;
        while (position < end)
        {
            long tagStart = position;
            if (!TryReadVarint(bytes, ref position, end, out ulong tag) || tag >> 3 == 0 || tag >> 3 > int.MaxValue)
                return Undo(sites, firstNew);
            int field = (int)(tag >> 3), wire = (int)(tag & 7);
            long afterTag = position;
            switch (wire)
            {
                case 0:
                    if (!TryReadVarint(bytes, ref position, end, out _)) return Undo(sites, firstNew);
                    sites.Add(new FieldSite(field, wire, tagStart, -1, afterTag, position, parent));
                    continue;
                case 1:
                case 5:
                    position += wire == 1 ? 8 : 4;
                    if (position > end) return Undo(sites, firstNew);
                    sites.Add(new FieldSite(field, wire, tagStart, -1, afterTag, position, parent));
                    continue;
                case 2:
                    if (!TryReadVarint(bytes, ref position, end, out ulong length) || length > (ulong)(end - position)) return Undo(sites, firstNew);
                    var site = new FieldSite(field, wire, tagStart, afterTag, position, position + (long)length, parent);
                    sites.Add(site);
                    if (length > 0 && length <= MaxMessageBytes && site.Depth < MaxDepth) TryWalk(bytes, site.ValueStart, site.End, site, sites);
                    position = site.End;
                    continue;
                default:
                    // Groups are deprecated and absent from ONNX files; anything else is not a protobuf.
                    return Undo(sites, firstNew);
            }
        }
        return true;
    }

    private static bool Undo(List<FieldSite> sites, int firstNew)
    {
        sites.RemoveRange(firstNew, sites.Count - firstNew);
        return false;
    }

    private static bool TryReadVarint(byte[] bytes, ref long position, long end, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && position < end; shift += 7)
        {
            byte b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }
}
