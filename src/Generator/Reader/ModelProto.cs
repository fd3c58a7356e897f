using System.Collections.Generic;

namespace OnnxTyped.Generator.Reader;

/// <summary>
/// The fields of <c>ModelProto</c> the reader keeps. A plain mutable class that lives only while one
/// file is read; the pipeline sees only the spec the parser builds from it.
/// </summary>
internal sealed class ModelProto
{
    public long IrVersion { get; set; }
    public string ProducerName { get; set; } = "";
    public string ProducerVersion { get; set; } = "";
    public long ModelVersion { get; set; }
    public string DocString { get; set; } = "";
    public List<OperatorSetIdProto> Opsets { get; } = new();
    public List<StringStringEntryProto> Metadata { get; } = new();
    public GraphProto? Graph { get; set; }
}
