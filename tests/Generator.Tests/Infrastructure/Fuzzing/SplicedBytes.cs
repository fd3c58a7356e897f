using System;
using System.Collections.Generic;
using System.IO;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>
/// An input built from pieces of a seed file and new bytes, without copying the seed: a mutated 4.7 MB
/// model is a few slices of the seed's array and the bytes that changed, so a million mutations cost what
/// they change. Immutable; every edit returns a new value.
/// </summary>
internal sealed class SplicedBytes
{
    private readonly ArraySegment<byte>[] _pieces;
    // _starts[i] is where piece i begins in the whole; one more entry holds the length.
    private readonly long[] _starts;

    private SplicedBytes(ArraySegment<byte>[] pieces)
    {
        _pieces = pieces;
        _starts = new long[pieces.Length + 1];
        for (int i = 0; i < pieces.Length; i++) _starts[i + 1] = _starts[i] + pieces[i].Count;
    }

    public SplicedBytes(byte[] whole)
        : this(new[] { new ArraySegment<byte>(whole) })
    {
    }

    public long Length => _starts[^1];

    /// <summary>The bytes [<paramref name="start"/>, <paramref name="end"/>) replaced by <paramref name="replacement"/> (an insertion when start == end).</summary>
    public SplicedBytes Replace(long start, long end, ReadOnlySpan<byte> replacement)
    {
        if (start < 0 || end < start || end > Length) throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {end}) is not inside 0..{Length}");
        var pieces = new List<ArraySegment<byte>>(_pieces.Length + 2);
        pieces.AddRange(Slice(0, start));
        if (replacement.Length > 0) pieces.Add(new ArraySegment<byte>(replacement.ToArray()));
        pieces.AddRange(Slice(end, Length));
        return new SplicedBytes(pieces.ToArray());
    }

    /// <summary>The bytes [<paramref name="start"/>, <paramref name="end"/>) repeated <paramref name="times"/> more times after themselves.</summary>
    public SplicedBytes Repeat(long start, long end, int times)
    {
        List<ArraySegment<byte>> copy = Slice(start, end);
        var pieces = new List<ArraySegment<byte>>(_pieces.Length + copy.Count * times);
        pieces.AddRange(Slice(0, end));
        for (int i = 0; i < times; i++) pieces.AddRange(copy);
        pieces.AddRange(Slice(end, Length));
        return new SplicedBytes(pieces.ToArray());
    }

    public SplicedBytes Truncate(long length) => Replace(Math.Min(length, Length), Length, ReadOnlySpan<byte>.Empty);

    public byte[] ToArray()
    {
        byte[] whole = new byte[Length];
        for (int i = 0; i < _pieces.Length; i++) _pieces[i].AsSpan().CopyTo(whole.AsSpan((int)_starts[i]));
        return whole;
    }

    public Stream OpenRead() => new SplicedStream(this);

    /// <summary>The pieces that make up [<paramref name="start"/>, <paramref name="end"/>), sharing the arrays.</summary>
    private List<ArraySegment<byte>> Slice(long start, long end)
    {
        var slice = new List<ArraySegment<byte>>();
        if (end <= start) return slice;
        for (int i = PieceAt(start); i < _pieces.Length && _starts[i] < end; i++)
        {
            long from = Math.Max(start, _starts[i]) - _starts[i];
            long to = Math.Min(end, _starts[i + 1]) - _starts[i];
            if (to > from) slice.Add(_pieces[i].Slice((int)from, (int)(to - from)));
        }
        return slice;
    }

    /// <summary>The piece that holds byte <paramref name="position"/> (the last piece at the end; 0 when there is none).</summary>
    private int PieceAt(long position)
    {
        int index = Array.BinarySearch(_starts, 0, _pieces.Length, position);
        return Math.Max(0, index >= 0 ? index : ~index - 1);
    }

    /// <summary>A read-only, seekable view of the pieces.</summary>
    private sealed class SplicedStream : Stream
    {
        private readonly SplicedBytes _bytes;
        private long _position;

        public SplicedStream(SplicedBytes bytes) => _bytes = bytes;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => _bytes.Length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int total = 0;
            while (count > 0 && _position < _bytes.Length)
            {
                int piece = _bytes.PieceAt(_position);
                ArraySegment<byte> segment = _bytes._pieces[piece];
                int from = (int)(_position - _bytes._starts[piece]);
                int n = Math.Min(count, segment.Count - from);
                segment.AsSpan(from, n).CopyTo(buffer.AsSpan(offset, n));
                offset += n;
                count -= n;
                total += n;
                _position += n;
            }
            return total;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _bytes.Length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
