using System;
using System.Threading;

namespace OnnxTyped.Generator.Reader;

/// <summary>
/// Reads a <c>GraphProto</c>: its name, doc string, inputs and outputs, and the names of its
/// initializers. Nodes and initializer payloads are skipped by seeking.
/// </summary>
internal static class GraphProtoReader
{
    /// <summary>Reads one <c>GraphProto</c> message into <paramref name="graph"/> (a repeated graph field merges into one graph).</summary>
    public static void Read(WireReader reader, GraphProto graph, CancellationToken cancellationToken)
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
                    graph.Inputs.Add(ValueInfoProtoReader.Read(reader));
                    break;
                case 12:
                    reader.Expect(wire, WireType.LengthDelimited, "GraphProto.output");
                    graph.Outputs.Add(ValueInfoProtoReader.Read(reader));
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
    private static string ReadTensorName(WireReader reader) =>
        ReadOneField(reader, 8, "TensorProto.name", r => r.ReadString());

    /// <summary>Reads the name of a <c>SparseTensorProto</c>: the name of its <c>values</c> tensor (1).</summary>
    private static string ReadSparseTensorName(WireReader reader) =>
        ReadOneField(reader, 1, "SparseTensorProto.values", ReadTensorName);

    /// <summary>
    /// Reads an embedded message of which only one length-delimited field matters, skipping the others;
    /// the last occurrence wins, and an absent field reads as empty.
    /// </summary>
    private static string ReadOneField(WireReader reader, int fieldNumber, string fieldName, Func<WireReader, string> readField)
    {
        string value = "";
        long outer = reader.BeginMessage();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == fieldNumber)
            {
                reader.Expect(wire, WireType.LengthDelimited, fieldName);
                value = readField(reader);
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
        reader.EndMessage(outer);
        return value;
    }
}
