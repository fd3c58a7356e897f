namespace OnnxTyped.Generator.Reader;

/// <summary>
/// Reads a <c>ValueInfoProto</c> (a graph input or output) with its <c>TypeProto</c> flattened:
/// the kind of value, for a tensor its element type and declared shape, and for a sequence, optional or map what it holds.
/// </summary>
internal static class ValueInfoProtoReader
{
    /// <summary>
    /// How deep the reader follows nested types (a sequence of optionals of sequences...): the values a class binds nest two
    /// levels (an optional sequence of tensors, a sequence of maps); a hostile file nesting thousands would otherwise recurse
    /// that deep. Deeper types are skipped and read as <see cref="ValueKind.Other"/>.
    /// </summary>
    public const int MaxTypeDepth = 4;

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
                    ReadType(reader, value, depth: 0);
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
    private static void ReadType(WireReader reader, ValueInfoProto value, int depth)
    {
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, WireType.LengthDelimited, "TypeProto.tensor_type");
                    value.Kind = ValueKind.Tensor;
                    value.Element = null;
                    ReadTensorType(reader, value);
                    break;
                case 4:
                    // Sequence and Optional both hold one TypeProto in field 1.
                    ReadContainer(reader, value, field, wire, ValueKind.Sequence, depth);
                    break;
                case 9:
                    ReadContainer(reader, value, field, wire, ValueKind.Optional, depth);
                    break;
                case 5:
                    value.Kind = ValueKind.Map;
                    value.Element = null;
                    if (depth >= MaxTypeDepth) reader.Skip(field, wire);
                    else ReadMapType(reader, value, wire, depth);
                    break;
                case 8:
                    value.Kind = ValueKind.SparseTensor;
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

    // A sequence or an optional: one nested TypeProto (elem_type, field 1), read as an unnamed value.
    private static void ReadContainer(WireReader reader, ValueInfoProto value, int field, WireType wire, ValueKind kind, int depth)
    {
        value.Kind = kind;
        value.Element = null;
        if (depth >= MaxTypeDepth)
        {
            reader.Skip(field, wire);
            return;
        }
        reader.Expect(wire, WireType.LengthDelimited, kind == ValueKind.Sequence ? "TypeProto.sequence_type" : "TypeProto.optional_type");
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int inner, out WireType innerWire))
        {
            if (inner == 1)
            {
                reader.Expect(innerWire, WireType.LengthDelimited, "elem_type");
                var element = new ValueInfoProto();
                ReadType(reader, element, depth + 1);
                value.Element = element;
            }
            else
            {
                reader.Skip(inner, innerWire);
            }
        }
        reader.EndMessage(outer);
    }

    // TypeProto.Map: key_type (1, an element type number) and value_type (2, a TypeProto).
    private static void ReadMapType(WireReader reader, ValueInfoProto value, WireType wire, int depth)
    {
        reader.Expect(wire, WireType.LengthDelimited, "TypeProto.map_type");
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType innerWire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(innerWire, WireType.Varint, "TypeProto.Map.key_type");
                    value.MapKeyType = unchecked((int)reader.ReadVarint());
                    break;
                case 2:
                    reader.Expect(innerWire, WireType.LengthDelimited, "TypeProto.Map.value_type");
                    var element = new ValueInfoProto();
                    ReadType(reader, element, depth + 1);
                    value.Element = element;
                    break;
                default:
                    reader.Skip(field, innerWire);
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
