namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>
/// One protobuf field found in a seed file, by offsets into it: the tag, the length prefix (wire type 2
/// only), the value, and the field whose value holds it, so an edit that changes the field's size can
/// correct the length of every message around it.
/// </summary>
/// <param name="FieldNumber">The field number of the tag.</param>
/// <param name="WireType">The wire type of the tag (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</param>
/// <param name="TagStart">The first byte of the tag.</param>
/// <param name="LengthStart">The first byte of the length prefix, or -1 for other wire types.</param>
/// <param name="ValueStart">The first byte of the value (after the length prefix).</param>
/// <param name="End">One past the last byte of the value.</param>
/// <param name="Parent">The length-delimited field whose value is the message holding this one, or null at the top level.</param>
internal sealed record FieldSite(int FieldNumber, int WireType, long TagStart, long LengthStart, long ValueStart, long End, FieldSite? Parent)
{
    public long Length => End - TagStart;

    public long ValueLength => End - ValueStart;

    public int Depth => Parent is null ? 0 : Parent.Depth + 1;
}
