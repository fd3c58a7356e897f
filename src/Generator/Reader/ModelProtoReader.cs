using System.IO;
using System.Threading;

namespace OnnxTyped.Generator.Reader;

/// <summary>
/// Reads the binding-relevant fields of an ONNX <c>ModelProto</c> from a stream, by the field
/// numbers of onnx.proto. Nodes, initializer payloads and everything else are skipped by seeking.
/// Throws <see cref="MalformedModelException"/> on bytes that are not a valid protobuf.
/// </summary>
internal static class ModelProtoReader
{
    /// <summary>Reads a whole <c>ModelProto</c> from <paramref name="stream"/>, which must be seekable.</summary>
    public static ModelProto Read(Stream stream, CancellationToken cancellationToken)
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
                    GraphProtoReader.Read(reader, model.Graph, cancellationToken);
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

    private static OperatorSetIdProto ReadOpset(WireReader reader)
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
        return new OperatorSetIdProto(domain, version);
    }

    private static StringStringEntryProto ReadMetadataEntry(WireReader reader)
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
        return new StringStringEntryProto(key, value);
    }
}
