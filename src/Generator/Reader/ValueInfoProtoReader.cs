namespace OnnxTyped.Generator.Reader;

/// <summary>
/// Reads a <c>ValueInfoProto</c> (a graph input or output) with its <c>TypeProto</c> flattened:
/// the kind of value, and for a tensor its element type and declared shape.
/// </summary>
internal static class ValueInfoProtoReader
{
    /// <summary>Reads one <c>ValueInfoProto</c> message.</summary>
    public static ValueInfoProto Read(WireReader reader)
    {
        var value = new ValueInfoProto();
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, WireType.LengthDelimited, "ValueInfoProto.name");
                    value.Name = reader.ReadString();
                    break;
                case 2:
                    reader.Expect(wire, WireType.LengthDelimited, "ValueInfoProto.type");
                    ReadType(reader, value);
                    break;
                case 3:
                    reader.Expect(wire, WireType.LengthDelimited, "ValueInfoProto.doc_string");
                    value.DocString = reader.ReadString();
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }
        reader.EndMessage(outer);
        return value;
    }

    /// <summary>Reads a <c>TypeProto</c> (a oneof: the last value field wins).</summary>
    private static void ReadType(WireReader reader, ValueInfoProto value)
    {
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, WireType.LengthDelimited, "TypeProto.tensor_type");
                    value.Kind = ValueKind.Tensor;
                    ReadTensorType(reader, value);
                    break;
                case 4:
                    value.Kind = ValueKind.Sequence;
                    reader.Skip(field, wire);
                    break;
                case 5:
                    value.Kind = ValueKind.Map;
                    reader.Skip(field, wire);
                    break;
                case 8:
                    value.Kind = ValueKind.SparseTensor;
                    reader.Skip(field, wire);
                    break;
                case 9:
                    value.Kind = ValueKind.Optional;
                    reader.Skip(field, wire);
                    break;
                case 6:
                    // denotation: documentation only.
                    reader.Skip(field, wire);
                    break;
                default:
                    value.Kind = ValueKind.Other;
                    reader.Skip(field, wire);
                    break;
            }
        }
        reader.EndMessage(outer);
    }

    private static void ReadTensorType(WireReader reader, ValueInfoProto value)
    {
        value.ElementType = 0;
        value.HasShape = false;
        value.Dims.Clear();
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, WireType.Varint, "TypeProto.Tensor.elem_type");
                    value.ElementType = unchecked((int)reader.ReadVarint());
                    break;
                case 2:
                    reader.Expect(wire, WireType.LengthDelimited, "TypeProto.Tensor.shape");
                    value.HasShape = true;
                    ReadShape(reader, value);
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }
        reader.EndMessage(outer);
    }

    private static void ReadShape(WireReader reader, ValueInfoProto value)
    {
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == 1)
            {
                reader.Expect(wire, WireType.LengthDelimited, "TensorShapeProto.dim");
                value.Dims.Add(ReadDimension(reader));
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
        reader.EndMessage(outer);
    }

    /// <summary>Reads a <c>Dimension</c>, a oneof of <c>dim_value</c> (1) and <c>dim_param</c> (2): the last one wins.</summary>
    private static DimensionProto ReadDimension(WireReader reader)
    {
        var dim = new DimensionProto(null, null);
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, WireType.Varint, "Dimension.dim_value");
                    dim = new DimensionProto(reader.ReadInt64(), null);
                    break;
                case 2:
                    reader.Expect(wire, WireType.LengthDelimited, "Dimension.dim_param");
                    dim = new DimensionProto(null, reader.ReadString());
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }
        reader.EndMessage(outer);
        return dim;
    }
}
