namespace OnnxTyped.Generator.Reader;

/// <summary>One <c>OperatorSetIdProto</c> of <c>ModelProto.opset_import</c>: a domain (empty for <c>ai.onnx</c>) and its version.</summary>
internal sealed record OperatorSetIdProto(string Domain, long Version);
