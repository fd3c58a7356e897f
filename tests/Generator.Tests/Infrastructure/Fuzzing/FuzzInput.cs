using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>A seed with mutations: the bytes it stands for are built on demand, sharing the seed's array.</summary>
internal sealed record FuzzInput(FuzzSeed Seed, IReadOnlyList<Mutation> Mutations)
{
    /// <summary>
    /// The seed with every splice applied, last offset first so the offsets of the others stay valid; a
    /// splice that overlaps one already applied is left out (two mutations of one field).
    /// </summary>
    public SplicedBytes Bytes()
    {
        var bytes = new SplicedBytes(Seed.Bytes);
        long appliedFrom = long.MaxValue;
        foreach (Splice splice in Mutations.SelectMany(m => m.Splices).OrderByDescending(s => s.Start).ThenByDescending(s => s.End))
        {
            if (splice.End > appliedFrom) continue;
            bytes = splice.Times > 0 ? bytes.Repeat(splice.Start, splice.End, splice.Times) : bytes.Replace(splice.Start, splice.End, splice.Bytes);
            appliedFrom = splice.Start;
        }
        return bytes;
    }

    public override string ToString() => Seed.Name + ": " + string.Join("; ", Mutations);
}
