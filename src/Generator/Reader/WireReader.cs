using System;
using System.IO;
using System.Text;

namespace OnnxTyped.Generator.Reader;

/// <summary>
/// Reads protobuf wire format from a seekable stream through a small buffer. Fields the caller does
/// not want are skipped by seeking, so weight payloads (often hundreds of megabytes) are never read
/// into memory. Every read is bounded by the current message's end; anything past it, or past the
/// end of the stream, throws <see cref="MalformedModelException"/>.
/// </summary>
internal sealed class WireReader
{
    private const int BufferSize = 16 * 1024;
    private const int MaxStringBytes = 16 * 1024 * 1024;
    // Protobuf's own recursion limit. Skipping a group skips the groups inside it by recursion, so without
    // a limit 200 KB of nested group tags overflow the stack and take the compiler down with it.
    private const int MaxGroupDepth = 100;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _bufferStart;
    private int _bufferLength;
    private int _bufferPosition;
    private long _limit;

    public WireReader(Stream stream)
    {
        if (!stream.CanSeek) throw new ArgumentException("The stream must be seekable.", nameof(stream));
        _stream = stream;
        _bufferStart = stream.Position;
        _limit = stream.Length;
    }

    /// <summary>The absolute position of the next byte.</summary>
    public long Position => _bufferStart + _bufferPosition;

    /// <summary>Reads the next field tag of the current message; false at its end.</summary>
    public bool TryReadTag(out int fieldNumber, out WireType wireType)
    {
        if (Position >= _limit)
        {
            fieldNumber = 0;
            wireType = default;
            return false;
        }
        ulong tag = ReadVarint();
        fieldNumber = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        if (fieldNumber <= 0 || tag >> 3 > int.MaxValue) throw Malformed($"invalid field number {tag >> 3}");
        if (wireType > WireType.Fixed32) throw Malformed($"invalid wire type {(int)wireType} for field {fieldNumber}");
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw Malformed("a varint is longer than 10 bytes");
    }

    /// <summary>Reads an <c>int64</c> field (two's complement varint).</summary>
    public long ReadInt64() => unchecked((long)ReadVarint());

    /// <summary>Reads a UTF-8 <c>string</c> field (wire type 2).</summary>
    public string ReadString()
    {
        long length = ReadLength();
        if (length > MaxStringBytes) throw Malformed($"a string of {length} bytes is too long for a name or doc string");
        // Copied from the buffer a block at a time: byte by byte, a 16 MB name took a quarter of a second.
        byte[] bytes = new byte[length];
        int filled = 0;
        while (filled < bytes.Length)
        {
            if (_bufferPosition == _bufferLength) Fill();
            int count = Math.Min(bytes.Length - filled, _bufferLength - _bufferPosition);
            Buffer.BlockCopy(_buffer, _bufferPosition, bytes, filled, count);
            _bufferPosition += count;
            filled += count;
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Enters an embedded message (wire type 2); returns the outer limit to pass to <see cref="EndMessage"/>.</summary>
    public long BeginMessage()
    {
        long length = ReadLength();
        long outer = _limit;
        _limit = Position + length;
        return outer;
    }

    /// <summary>Skips what is left of the current embedded message and restores the outer limit.</summary>
    public void EndMessage(long outerLimit)
    {
        SkipBytes(_limit - Position);
        _limit = outerLimit;
    }

    /// <summary>Checks that a field the reader understands came with the wire type onnx.proto gives it.</summary>
    public void Expect(WireType actual, WireType expected, string field)
    {
        if (actual != expected) throw Malformed($"field '{field}' has wire type {(int)actual}, expected {(int)expected}");
    }

    /// <summary>Skips a field's value without reading it into memory.</summary>
    public void Skip(int fieldNumber, WireType wireType) => Skip(fieldNumber, wireType, groupDepth: 0);

    private void Skip(int fieldNumber, WireType wireType, int groupDepth)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                SkipBytes(8);
                break;
            case WireType.Fixed32:
                SkipBytes(4);
                break;
            case WireType.LengthDelimited:
                SkipBytes(ReadLength());
                break;
            case WireType.StartGroup:
                if (groupDepth == MaxGroupDepth) throw Malformed($"groups are nested deeper than {MaxGroupDepth} at byte {Position}");
                while (true)
                {
                    if (!TryReadTag(out int inner, out WireType innerType)) throw Malformed($"group {fieldNumber} is not closed");
                    if (innerType == WireType.EndGroup)
                    {
                        if (inner != fieldNumber) throw Malformed($"group {fieldNumber} is closed by {inner}");
                        break;
                    }
                    Skip(inner, innerType, groupDepth + 1);
                }
                break;
            default:
                throw Malformed($"unexpected end of group {fieldNumber}");
        }
    }

    private long ReadLength()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_limit - Position))
            throw Malformed($"a field of {length} bytes runs past the end of its message at byte {Position} (the file is truncated or corrupt)");
        return (long)length;
    }

    private void SkipBytes(long count)
    {
        if (count > _limit - Position) throw Malformed($"the data ends before byte {Position + count}");
        if (count <= _bufferLength - _bufferPosition)
        {
            _bufferPosition += (int)count;
            return;
        }
        long target = Position + count;
        _stream.Seek(target, SeekOrigin.Begin);
        _bufferStart = target;
        _bufferLength = 0;
        _bufferPosition = 0;
    }

    private byte ReadByte()
    {
        if (Position >= _limit) throw Malformed($"the data ends at byte {Position} in the middle of a field (the file is truncated or corrupt)");
        if (_bufferPosition == _bufferLength) Fill();
        return _buffer[_bufferPosition++];
    }

    /// <summary>Reads the next block of the stream into the buffer, which has been used up.</summary>
    private void Fill()
    {
        _bufferStart += _bufferLength;
        _bufferPosition = 0;
        _bufferLength = _stream.Read(_buffer, 0, _buffer.Length);
        if (_bufferLength == 0) throw Malformed($"the file ends at byte {Position} in the middle of a field");
    }

    private static MalformedModelException Malformed(string message) => new(message);
}
