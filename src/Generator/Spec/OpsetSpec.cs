namespace OnnxTyped.Generator.Spec;

/// <summary>One opset the model imports (empty domain = <c>ai.onnx</c>); equatable for the pipeline cache.</summary>
internal sealed record OpsetSpec(string Domain, long Version);
