using System;
using System.Linq;

namespace OnnxTyped.Generator.Parser;

/// <summary>
/// The member names taken in one generated class, handing out the names of its inputs and outputs
/// in model order. The emitter writes fixed members (<c>Run</c>, <c>Outputs</c>, <c>TorchOutputs</c>, <c>Dispose</c>...)
/// beside them, so those names are taken from the start and a model name that would collide gets
/// <c>2</c>, <c>3</c>, ... like any other repeat.
/// </summary>
internal sealed class GeneratedMemberNames
{
    // Members of the generated class (and System.Object) that no generated metadata property may take. The torch
    // front-end's (TorchOutputs, TorchDevice, RunTorch) are taken whether or not the project references it, and both
    // batching properties whatever the model's batch, so names change neither with a reference nor with a shape.
    private static readonly string[] ClassMembers =
    {
        "Signature", "InputNames", "OutputNames", "Session", "Run", "RunInto", "Load", "Dispose", "Outputs", "Device",
        "TorchOutputs", "TorchDevice", "RunTorch", "MaxBatchSize", "SplitsFixedBatch",
        "RunAsync", "RunIntoAsync", "RunTorchAsync", "DisposeAsync",
        "CompleteOutputs", "AwaitOutputs", "CompleteTorchOutputs", "AwaitTorchOutputs", "CompleteRunInto", "AwaitRunInto",
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    // Members of the nested Outputs and TorchOutputs classes (and System.Object) that no output property may take:
    // their own names (CS0542) and their methods.
    private static readonly string[] OutputsClassMembers =
    {
        "Outputs", "TorchOutputs", "Take", "Keep", "Dispose", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    private readonly NameSet _classMembers;
    // Run and RunInto parameters; the two locals those methods declare, and the Async forms' last parameter, are taken from the start.
    private readonly NameSet _runParameters = new(new[] { "inputs", "outputs", "cancellationToken" });
    private readonly NameSet _outputProperties = new(OutputsClassMembers);

    /// <param name="className">The generated class's name: a member may not take it either (CS0542).</param>
    public GeneratedMemberNames(string className) =>
        _classMembers = new NameSet(ClassMembers.Append(className));

    /// <summary>True when the generated class has a fixed member called <paramref name="name"/>, so no class may be called that.</summary>
    public static bool IsFixedClassMember(string name) => Array.IndexOf(ClassMembers, name) >= 0;

    /// <summary>The next input's <c>Run</c> parameter (camelCase, keyword-escaped) and its static <c>TensorSignature</c> property.</summary>
    public (string Parameter, string SignatureProperty) ForInput(string onnxName) => (
        CSharpNames.EscapeKeyword(_runParameters.Claim(CSharpNames.Camel(onnxName, "input"))),
        _classMembers.Claim(CSharpNames.Pascal(onnxName, "Input") + "Input"));

    /// <summary>
    /// The next output's <c>Outputs</c> property (PascalCase), its static <c>TensorSignature</c> property, and its
    /// <c>RunInto</c> parameter (camelCase, keyword-escaped, distinct from every input's parameter).
    /// </summary>
    public (string Property, string SignatureProperty, string IntoParameter) ForOutput(string onnxName) => (
        _outputProperties.Claim(CSharpNames.Pascal(onnxName, "Output")),
        _classMembers.Claim(CSharpNames.Pascal(onnxName, "Output") + "Output"),
        CSharpNames.EscapeKeyword(_runParameters.Claim(CSharpNames.Camel(onnxName, "output"))));
}
