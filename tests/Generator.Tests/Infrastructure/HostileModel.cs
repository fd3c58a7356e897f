using System.Collections.Generic;
using System.Linq;
using Onnx;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// A model made to break the generated code, with what the generator must make of it: the ONNX model (its
/// strings as they read back from the file), the class name it is generated under, its file name and copy path.
/// </summary>
internal sealed record HostileModel(ModelProto Model, string ClassName, string FileName, string TargetPath)
{
    public IEnumerable<string> InputNames => Model.Graph.Input.Select(i => i.Name);

    public IEnumerable<string> OutputNames => Model.Graph.Output.Select(o => o.Name);

    public override string ToString() => $"{ClassName} ({FileName}): {Google.Protobuf.JsonFormatter.Default.Format(Model)}";
}
