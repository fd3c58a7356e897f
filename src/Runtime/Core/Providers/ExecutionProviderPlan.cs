using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped;

/// <summary>
/// One execution provider as it will be appended to <c>SessionOptions</c>: its ONNX Runtime name and
/// its provider options, in the order they are passed to ONNX Runtime. Produced by
/// <see cref="OnnxSessionOptions.Plan"/>, applied by <see cref="OnnxSessionOptions.Apply"/>.
/// </summary>
/// <param name="Name">The ONNX Runtime provider name, e.g. <c>CUDAExecutionProvider</c>.</param>
/// <param name="Options">Provider option keys and values as ONNX Runtime parses them (e.g. <c>device_id</c> = <c>0</c>); empty for none.</param>
public sealed record ExecutionProviderPlan(string Name, IReadOnlyList<KeyValuePair<string, string>> Options)
{
    /// <summary>The name and options, e.g. <c>CUDAExecutionProvider(device_id=0)</c>.</summary>
    public override string ToString() => $"{Name}({string.Join(", ", Options.Select(o => o.Key + "=" + o.Value))})";
}
