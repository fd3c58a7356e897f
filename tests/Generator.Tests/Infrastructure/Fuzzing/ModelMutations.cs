using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>
/// The mutations the reader is fuzzed with, as CsCheck generators over a seed: bit flips, overwrites,
/// deletions and truncations anywhere; varint and length corruption (huge declared lengths among them),
/// wire-type and field-number confusion, a field repeated up to 10,000 times, groups and
/// messages nested deep, and one field's bytes put in another's place. Mutations that change a field's
/// size correct the lengths of the messages around it, so the result gets past them to the field.
/// </summary>
internal static class ModelMutations
{
    // An unknown field number: the reader skips it, so nesting and wrapping reach the skipping code.
    private const int UnknownField = 99;

    // 2 GiB and its neighbours, 4 GiB, 2^63, 2^64 - 1, and the boundaries of varint sizes.
    private static readonly ulong[] InterestingValues =
    {
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x3FFF, 0x4000, 0x1FFFFF, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF,
        0x100000000, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, ulong.MaxValue,
    };

    private static readonly int[] InterestingFieldNumbers = { 1, 2, 3, 5, 7, 8, 10, 11, 12, 13, 14, 15, 16, 20, UnknownField, 0x1FFFFFFF };

    private static readonly int[] RepeatCounts = { 1, 2, 7, 100, 1_000, 10_000 };

    private static readonly int[] NestingDepths = { 2, 50, 99, 100, 101, 1_000, 100_000 };

    /// <summary>
    /// A seed (a real model one time in ten: they are large, and every read of one seeks past hundreds of
    /// weights) with one mutation, or two to four one time in four.
    /// </summary>
    public static Gen<FuzzInput> Inputs(IReadOnlyList<FuzzSeed> real, IReadOnlyList<FuzzSeed> backend) =>
        Gen.Frequency(
                (1, Gen.Int[0, real.Count - 1].Select(i => real[i])),
                (9, Gen.Int[0, backend.Count - 1].Select(i => backend[i])))
            .SelectMany(seed => Gen.Frequency(
                    (3, Any(seed).Select(m => (IReadOnlyList<Mutation>)new[] { m })),
                    (1, Any(seed).Array[2, 4].Select(m => (IReadOnlyList<Mutation>)m)))
                .Select(mutations => new FuzzInput(seed, mutations)));

    public static Gen<Mutation> Any(FuzzSeed seed)
    {
        var mutations = new List<(int, IGen<Mutation>)> { (4, BitFlip(seed)), (1, Overwrite(seed)), (1, Delete(seed)), (3, Truncate(seed)) };
        if (seed.ReadSites.Count > 0)
        {
            mutations.AddRange(new (int, IGen<Mutation>)[]
            {
                (4, CorruptVarint(seed)), (2, ConfuseWireType(seed)), (1, ConfuseFieldNumber(seed)), (2, RepeatField(seed)),
                (1, NestGroups(seed)), (1, NestMessages(seed)), (1, Transplant(seed)),
            });
        }
        return Gen.Frequency(mutations.ToArray());
    }

    private static Gen<Mutation> BitFlip(FuzzSeed seed) => Gen.Select(Offset(seed), Gen.Int[0, 7], (at, bit) =>
        new Mutation($"flip bit {bit} of byte {at}", new[] { new Splice(at, at + 1, new[] { (byte)(seed.Bytes[at] ^ (1 << bit)) }) }));

    private static Gen<Mutation> Overwrite(FuzzSeed seed) => Gen.Select(Offset(seed), Gen.Byte.Array[1, 8], (at, bytes) =>
        new Mutation($"overwrite {bytes.Length} bytes at {at} with {Convert.ToHexString(bytes)}", new[] { new Splice(at, Math.Min(at + bytes.Length, seed.Bytes.Length), bytes) }));

    private static Gen<Mutation> Delete(FuzzSeed seed) => Gen.Select(Offset(seed), Gen.Int[1, 64], (at, count) =>
        new Mutation($"delete {count} bytes at {at}", new[] { new Splice(at, Math.Min(at + count, seed.Bytes.Length), Array.Empty<byte>()) }));

    private static Gen<Mutation> Truncate(FuzzSeed seed) => Offset(seed).Select(at =>
        new Mutation($"truncate to {at} bytes", new[] { new Splice(at, seed.Bytes.Length, Array.Empty<byte>()) }));

    /// <summary>The length of a length-delimited field, or the value of a varint field, or the tag of another, set to an interesting value or encoding.</summary>
    private static Gen<Mutation> CorruptVarint(FuzzSeed seed) => Site(seed).SelectMany(site => Gen.Select(
        Gen.Int[0, InterestingValues.Length + 3], Gen.Int[0, 3], (choice, encoding) =>
        {
            (string part, long start, long end) = site.WireType switch
            {
                2 => ("length", site.LengthStart, site.ValueStart),
                0 => ("value", site.ValueStart, site.End),
                _ => ("tag", site.TagStart, site.ValueStart),
            };
            long room = (site.Parent?.End ?? seed.Bytes.Length) - site.ValueStart;
            ulong value = choice < InterestingValues.Length ? InterestingValues[choice] : (choice - InterestingValues.Length) switch
            {
                0 => (ulong)(site.ValueLength + 1),
                1 => (ulong)Math.Max(0, site.ValueLength - 1),
                2 => (ulong)(room + 1),
                _ => (ulong)room,
            };
            (string how, byte[] bytes) = encoding switch
            {
                0 => ("", Varint.Encode(value)),
                1 => (" in 10 bytes", Varint.Encode(value, 10)),
                // Eleven bytes: longer than any varint may be.
                2 => (" in 11 bytes", Enumerable.Repeat((byte)0xFF, 10).Append((byte)0x01).ToArray()),
                // No last byte: the varint runs on into what follows.
                _ => (" unterminated", Enumerable.Repeat((byte)0x80, 9).ToArray()),
            };
            string shown = encoding >= 2 ? "" : " := " + value;
            return new Mutation($"{part} of field {site.FieldNumber} at {site.TagStart}{shown}{how}", new[] { new Splice(start, end, bytes) });
        }));

    private static Gen<Mutation> ConfuseWireType(FuzzSeed seed) => Gen.Select(Site(seed), Gen.Int[0, 7], (site, wire) =>
        new Mutation($"wire type of field {site.FieldNumber} at {site.TagStart} := {wire}", new[] { new Splice(site.TagStart, TagEnd(site), Varint.Tag(site.FieldNumber, wire)) }));

    private static Gen<Mutation> ConfuseFieldNumber(FuzzSeed seed) => Gen.Select(Site(seed), Gen.OneOf(InterestingFieldNumbers), (site, field) =>
        new Mutation($"field {site.FieldNumber} at {site.TagStart} := field {field}", new[] { new Splice(site.TagStart, TagEnd(site), Varint.Tag(field, site.WireType)) }));

    /// <summary>A field repeated: thousands of inputs, outputs, dims or opsets (capped at 16 MB of input).</summary>
    private static Gen<Mutation> RepeatField(FuzzSeed seed) => Gen.Select(Site(seed), Gen.OneOf(RepeatCounts), (site, wanted) =>
    {
        int times = (int)Math.Max(1, Math.Min(wanted, (16L << 20) / Math.Max(1, site.Length)));
        var splices = new List<Splice> { new(site.TagStart, site.End, Array.Empty<byte>(), times) };
        splices.AddRange(LengthFixups(site, site.Length * times));
        return new Mutation($"field {site.FieldNumber} at {site.TagStart} repeated {times} more times", splices);
    });

    /// <summary>Unknown groups nested before a field, closed or left open: the reader skips groups by recursion.</summary>
    private static Gen<Mutation> NestGroups(FuzzSeed seed) => Gen.Select(Site(seed), Gen.OneOf(NestingDepths), Gen.Bool, (site, depth, closed) =>
    {
        byte[] start = Varint.Tag(UnknownField, 3), end = Varint.Tag(UnknownField, 4);
        byte[] bytes = Enumerable.Repeat(start, depth).Concat(Enumerable.Repeat(end, closed ? depth : 0)).SelectMany(b => b).ToArray();
        var splices = new List<Splice> { new(site.TagStart, site.TagStart, bytes) };
        splices.AddRange(LengthFixups(site, bytes.Length));
        return new Mutation($"{depth} {(closed ? "closed" : "open")} groups nested before field {site.FieldNumber} at {site.TagStart}", splices);
    });

    /// <summary>A field wrapped in unknown length-delimited fields, each holding the next.</summary>
    private static Gen<Mutation> NestMessages(FuzzSeed seed) => Gen.Select(Site(seed), Gen.OneOf(1, 10, 1_000), (site, depth) =>
    {
        var headers = new List<byte[]>();
        long inner = site.Length;
        for (int i = 0; i < depth; i++)
        {
            byte[] header = Varint.Tag(UnknownField, 2).Concat(Varint.Encode((ulong)inner)).ToArray();
            headers.Add(header);
            inner += header.Length;
        }
        headers.Reverse();
        byte[] bytes = headers.SelectMany(h => h).ToArray();
        var splices = new List<Splice> { new(site.TagStart, site.TagStart, bytes) };
        splices.AddRange(LengthFixups(site, bytes.Length));
        return new Mutation($"field {site.FieldNumber} at {site.TagStart} wrapped in {depth} messages", splices);
    });

    /// <summary>One field's value put in another's place, its length corrected: a string where a message was, a shape where a name was.</summary>
    private static Gen<Mutation> Transplant(FuzzSeed seed) => Gen.Select(Site(seed), Site(seed), (target, donor) =>
    {
        long donorStart = donor.WireType == 2 ? donor.ValueStart : donor.TagStart;
        byte[] value = seed.Bytes.AsSpan((int)donorStart, (int)Math.Min(donor.End - donorStart, 64 * 1024)).ToArray();
        var splices = new List<Splice>();
        long delta;
        if (target.WireType == 2)
        {
            byte[] replacement = Varint.Encode((ulong)value.Length).Concat(value).ToArray();
            splices.Add(new Splice(target.LengthStart, target.End, replacement));
            delta = replacement.Length - (target.End - target.LengthStart);
        }
        else
        {
            byte[] replacement = Varint.Tag(target.FieldNumber, 2).Concat(Varint.Encode((ulong)value.Length)).Concat(value).ToArray();
            splices.Add(new Splice(target.TagStart, target.End, replacement));
            delta = replacement.Length - target.Length;
        }
        splices.AddRange(LengthFixups(target, delta));
        return new Mutation($"value of field {target.FieldNumber} at {target.TagStart} := value of field {donor.FieldNumber} at {donor.TagStart}", splices);
    });

    /// <summary>
    /// The length prefixes of the messages around <paramref name="site"/>, innermost first, rewritten for a
    /// change of <paramref name="delta"/> bytes inside it (a prefix that grows a byte grows its parent too).
    /// </summary>
    private static IEnumerable<Splice> LengthFixups(FieldSite site, long delta)
    {
        for (FieldSite? parent = site.Parent; parent is not null; parent = parent.Parent)
        {
            byte[] length = Varint.Encode((ulong)(parent.ValueLength + delta));
            yield return new Splice(parent.LengthStart, parent.ValueStart, length);
            delta += length.Length - (parent.ValueStart - parent.LengthStart);
        }
    }

    private static long TagEnd(FieldSite site) => site.LengthStart >= 0 ? site.LengthStart : site.ValueStart;

    /// <summary>A field the reader reads (not inside nodes or weights), so mutations land where they matter.</summary>
    private static Gen<FieldSite> Site(FuzzSeed seed) => Gen.Int[0, seed.ReadSites.Count - 1].Select(i => seed.ReadSites[i]);

    /// <summary>Any byte one time in three; otherwise a byte of the tag, length or varint of a field the reader reads.</summary>
    private static Gen<long> Offset(FuzzSeed seed)
    {
        Gen<long> anywhere = Gen.Long[0, seed.Bytes.Length - 1];
        if (seed.ReadSites.Count == 0) return anywhere;
        Gen<long> structural = Site(seed).SelectMany(site =>
            Gen.Long[site.TagStart, (site.WireType == 2 ? site.ValueStart : site.End) - 1]);
        return Gen.Frequency((1, anywhere), (2, structural));
    }
}
