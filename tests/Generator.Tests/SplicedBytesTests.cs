using System.Collections.Generic;
using System.IO;
using System.Linq;
using CsCheck;
using OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;
using Xunit;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The fuzz inputs' byte views: any series of replacements, insertions, repeats and truncations gives the
/// bytes the same edits give on a plain list, through <see cref="SplicedBytes.ToArray"/> and through its
/// stream, read in odd-sized pieces after seeks. (Edits on an emptied input once threw in the long run.)
/// </summary>
public sealed class SplicedBytesTests
{
    private sealed record Edit(int Kind, double Start, double End, byte[] Bytes, int Times);

    private static readonly Gen<Edit> AnyEdit = Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Byte.Array[0, 5], Gen.Int[1, 3],
        (kind, a, b, bytes, times) => new Edit(kind, System.Math.Min(a, b), System.Math.Max(a, b), bytes, times));

    [Fact]
    public void EditsGiveTheBytesAListWouldHold() =>
        Gen.Select(Gen.Byte.Array[0, 40], AnyEdit.Array[0, 6], Gen.Int[1, 7]).Sample((seed, edits, chunk) =>
        {
            var spliced = new SplicedBytes(seed);
            var plain = new List<byte>(seed);
            foreach (Edit edit in edits)
            {
                int start = (int)(edit.Start * plain.Count), end = (int)(edit.End * plain.Count);
                switch (edit.Kind)
                {
                    case 0:
                        spliced = spliced.Replace(start, end, edit.Bytes);
                        plain.RemoveRange(start, end - start);
                        plain.InsertRange(start, edit.Bytes);
                        break;
                    case 1:
                        spliced = spliced.Replace(start, start, edit.Bytes);
                        plain.InsertRange(start, edit.Bytes);
                        break;
                    case 2:
                        spliced = spliced.Repeat(start, end, edit.Times);
                        plain.InsertRange(end, Enumerable.Repeat(plain.GetRange(start, end - start), edit.Times).SelectMany(r => r).ToArray());
                        break;
                    default:
                        spliced = spliced.Truncate(start);
                        plain.RemoveRange(start, plain.Count - start);
                        break;
                }
            }
            Assert.Equal(plain, spliced.ToArray());
            Assert.Equal(plain.Count, spliced.Length);

            using Stream stream = spliced.OpenRead();
            int from = plain.Count / 3;
            stream.Seek(from, SeekOrigin.Begin);
            var read = new List<byte>();
            byte[] buffer = new byte[chunk];
            for (int n; (n = stream.Read(buffer, 0, chunk)) > 0;) read.AddRange(buffer.Take(n));
            Assert.Equal(plain.Skip(from), read);
        });
}
