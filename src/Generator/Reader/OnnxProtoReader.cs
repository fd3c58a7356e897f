using System.IO;
using System.Threading;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Reader;

/// <summary>
/// Reads the binding-relevant fields of an ONNX <c>ModelProto</c> from a stream, by the field
/// numbers of onnx.proto. Nodes, initializer payloads and everything else are skipped by seeking.
/// Throws <see cref="MalformedModelException"/> on bytes that are not a valid protobuf.
/// </summary>
internal static class OnnxProtoReader
{
    public static ModelProto ReadModel(Stream stream, CancellationToken cancellationToken)
    {
        var reader = new WireReader(stream);
        var model = new ModelProto();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (field)
            {
                case 1:
                    reader.Expect(wire, WireType.Varint, "ModelProto.ir_version");
                    model.IrVersion = reader.ReadInt64();
                    break;
                case 2:
                    reader.Expect(wire, WireType.LengthDelimited, "ModelProto.producer_name");
                    model.ProducerName = reader.ReadString();
                    break;
                case 3:
                    reader.Expect(wire, WireType.LengthDelimited, "ModelProto.producer_version");
                    model.ProducerVersion = reader.ReadString();
                    break;
                case 5:
                    reader.Expect(wire, WireType.Varint, "ModelProto.model_version");
                    model.ModelVersion = reader.ReadInt64();
                    break;
                case 6:
                    reader.Expect(wire, WireType.LengthDelimited, "ModelProto.doc_string");
                    model.DocString = reader.ReadString();
                    break;
                case 7:
                    reader.Expect(wire, WireType.LengthDelimited, "ModelProto.graph");
                    // A repeated singular message field merges; keep appending into one graph.
                    model.Graph ??= new GraphProto();
                    ReadGraph(reader, model.Graph, cancellationToken);
                    break;
                case 8:
                    reader.Expect(wire, WireType.LengthDelimited, "ModelProto.opset_import");
                    model.Opsets.Add(ReadOpset(reader));
                    break;
                case 14:
                    reader.Expect(wire, WireType.LengthDelimited, "ModelProto.metadata_props");
                    model.Metadata.Add(ReadMetadataEntry(reader));
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }
        return model;
    }

    private static void ReadGraph(WireReader reader, GraphProto graph, CancellationToken cancellationToken)
    {
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (field)
            {
                case 2:
                    reader.Expect(wire, WireType.LengthDelimited, "GraphProto.name");
                    graph.Name = reader.ReadString();
                    break;
                case 5:
                    reader.Expect(wire, WireType.LengthDelimited, "GraphProto.initializer");
                    graph.InitializerNames.Add(ReadTensorName(reader));
                    break;
                case 10:
                    reader.Expect(wire, WireType.LengthDelimited, "GraphProto.doc_string");
                    graph.DocString = reader.ReadString();
                    break;
                case 11:
                    reader.Expect(wire, WireType.LengthDelimited, "GraphProto.input");
                    graph.Inputs.Add(ReadValueInfo(reader));
                    break;
                case 12:
                    reader.Expect(wire, WireType.LengthDelimited, "GraphProto.output");
                    graph.Outputs.Add(ReadValueInfo(reader));
                    break;
                case 15:
                    reader.Expect(wire, WireType.LengthDelimited, "GraphProto.sparse_initializer");
                    graph.InitializerNames.Add(ReadSparseTensorName(reader));
                    break;
                default:
                    // node (1), value_info (13) and the rest: not needed to bind inputs and outputs.
                    reader.Skip(field, wire);
                    break;
            }
        }
        reader.EndMessage(outer);
    }

    /// <summary>Reads <c>TensorProto.name</c> (8) and skips the payload fields around it.</summary>
    private static string ReadTensorName(WireReader reader)
    {
        string name = "";
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == 8)
            {
                reader.Expect(wire, WireType.LengthDelimited, "TensorProto.name");
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
        reader.EndMessage(outer);
        return name;
    }

    /// <summary>Reads the name of a <c>SparseTensorProto</c>: the name of its <c>values</c> tensor (1).</summary>
    private static string ReadSparseTensorName(WireReader reader)
    {
        string name = "";
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == 1)
            {
                reader.Expect(wire, WireType.LengthDelimited, "SparseTensorProto.values");
                name = ReadTensorName(reader);
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
        reader.EndMessage(outer);
        return name;
    }

    private static ValueInfoProto ReadValueInfo(WireReader reader)
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

    /// <summary>Reads a <c>Dimension</c>: <c>dim_value</c> (1) or <c>dim_param</c> (2); neither, or a negative value, is anonymous.</summary>
    private static DimSpec ReadDimension(WireReader reader)
    {
        DimSpec dim = DimSpec.Symbolic("");
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, WireType.Varint, "Dimension.dim_value");
                    long size = reader.ReadInt64();
                    dim = size >= 0 ? DimSpec.Fixed(size) : DimSpec.Symbolic("");
                    break;
                case 2:
                    reader.Expect(wire, WireType.LengthDelimited, "Dimension.dim_param");
                    dim = DimSpec.Symbolic(reader.ReadString());
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }
        reader.EndMessage(outer);
        return dim;
    }

    private static OpsetSpec ReadOpset(WireReader reader)
    {
        string domain = "";
        long version = 0;
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, WireType.LengthDelimited, "OperatorSetIdProto.domain");
                    domain = reader.ReadString();
                    break;
                case 2:
                    reader.Expect(wire, WireType.Varint, "OperatorSetIdProto.version");
                    version = reader.ReadInt64();
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }
        reader.EndMessage(outer);
        return new OpsetSpec(domain, version);
    }

    private static MetadataEntrySpec ReadMetadataEntry(WireReader reader)
    {
        string key = "";
        string value = "";
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wire, WireType.LengthDelimited, "StringStringEntryProto.key");
                    key = reader.ReadString();
                    break;
                case 2:
                    reader.Expect(wire, WireType.LengthDelimited, "StringStringEntryProto.value");
                    value = reader.ReadString();
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }
        reader.EndMessage(outer);
        return new MetadataEntrySpec(key, value);
    }
}
