using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using CsCheck;
using Microsoft.CodeAnalysis;
using OnnxTyped.Generator.Tests.Infrastructure;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// Models whose every string is hostile to C# (<see cref="HostileModels"/>) give classes that compile with no
/// warning, doc comments included, and have exactly the members the naming rules say (<see cref="NamingRules"/>,
/// written from the README), in model order, with every ONNX name intact in the signature: proved by compiling
/// the generated code, loading it and reflecting over it. A string that broke out of a literal, a comment or
/// an XML element would add, drop or rename a member, or fail to compile.
/// </summary>
public sealed class HostileModelTests
{
    private const int ModelsPerCompilation = 25;

    [Fact]
    public void HostileModelsGiveClassesWithExactlyTheMembersTheRulesSay() =>
        HostileModels.Batch(ModelsPerCompilation).Sample(CheckBatch, iter: 4, threads: 1, print: models => string.Join("\n", models.Select(m => m.ToString())));

    private static void CheckBatch(HostileModel[] models)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(models.Select(m =>
            new ModelItem(Write(m.Model, m.FileName), ClassName: m.ClassName, TargetPath: m.TargetPath)).ToArray());
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompileProblems);

        using var image = new MemoryStream();
        Assert.True(outcome.Compilation.Emit(image).Success);
        Assembly assembly = Assembly.Load(image.ToArray());
        foreach (HostileModel model in models) CheckClass(model, assembly.GetType("TestApp." + model.ClassName, throwOnError: true)!);
    }

    private static void CheckClass(HostileModel model, Type type)
    {
        string[] inputs = model.InputNames.ToArray(), outputs = model.OutputNames.ToArray();
        string[] signatureProperties = NamingRules.SignatureProperties(inputs, outputs, model.ClassName);
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

        // The class: its fixed members, the batching property its inputs call for, and one signature property per tensor, in model order;
        // both front-ends (this compilation references the torch one): Run and RunTorch, RunInto twice (one overload per front-end).
        string[] expectedProperties = new[] { "Signature", "InputNames", "OutputNames" }.Concat(signatureProperties)
            .Concat(new[] { "Session", "Device", "TorchDevice" }).Concat(BatchingProperty(model)).ToArray();
        Assert.Equal(expectedProperties, InDeclarationOrder(type.GetProperties(Declared)).Select(p => p.Name));
        // Each run has its Async form (RunIntoAsync one per front-end), and DisposeAsync.
        Assert.Equal(new[] { "Dispose", "DisposeAsync", "Load", "Load", "Load", "Run", "RunAsync", "RunInto", "RunInto", "RunIntoAsync", "RunIntoAsync", "RunTorch", "RunTorchAsync" }
            .OrderBy(n => n, StringComparer.Ordinal),
            type.GetMethods(Declared).Where(m => !m.IsSpecialName).Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(4, type.GetConstructors().Length);
        Assert.Equal(new[] { "Outputs", "TorchOutputs" }, type.GetNestedTypes().Select(t => t.Name));

        foreach ((string outputsName, MethodInfo run) in new[] { ("Outputs", TypedMethod(type, "Run")), ("TorchOutputs", TorchMethod(type, "RunTorch")) })
        {
            Assert.Equal(outputsName, run.ReturnType.Name);
            Assert.Equal(NamingRules.Parameters(inputs), run.GetParameters().Select(p => p.Name));
        }
        Assert.Equal(NamingRules.IntoParameters(inputs, outputs), TypedMethod(type, "RunInto").GetParameters().Select(p => p.Name));
        Assert.Equal(NamingRules.IntoParameters(inputs, outputs), TorchMethod(type, "RunInto").GetParameters().Select(p => p.Name));
        // The Async forms take the same parameters, then the cancellation token.
        string[] asyncTail = { "cancellationToken" };
        Assert.Equal(NamingRules.Parameters(inputs).Concat(asyncTail), TypedMethod(type, "RunAsync").GetParameters().Select(p => p.Name));
        Assert.Equal(NamingRules.Parameters(inputs).Concat(asyncTail), TorchMethod(type, "RunTorchAsync").GetParameters().Select(p => p.Name));
        Assert.Equal(NamingRules.IntoParameters(inputs, outputs).Concat(asyncTail), TypedMethod(type, "RunIntoAsync").GetParameters().Select(p => p.Name));
        Assert.Equal(NamingRules.IntoParameters(inputs, outputs).Concat(asyncTail), TorchMethod(type, "RunIntoAsync").GetParameters().Select(p => p.Name));
        foreach (Type outputsType in type.GetNestedTypes())
        {
            Assert.Equal(NamingRules.OutputProperties(outputs), InDeclarationOrder(outputsType.GetProperties(Declared)).Select(p => p.Name));
            Assert.Equal(new[] { "Dispose", "Take" }, outputsType.GetMethods(Declared).Where(m => !m.IsSpecialName).Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
        }

        // Every string the runtime checks arrives whole: names, and dim names, and the signature properties point at their own tensor.
        var signature = (ModelSignature)type.GetProperty("Signature")!.GetValue(null)!;
        Assert.Equal(inputs, signature.InputNames);
        Assert.Equal(outputs, signature.OutputNames);
        foreach ((Onnx.ValueInfoProto tensor, TensorSignature declared) in model.Model.Graph.Input.Zip(signature.Inputs).Concat(model.Model.Graph.Output.Zip(signature.Outputs)))
        {
            Assert.Equal(tensor.Type.TensorType.Shape?.Dim.Select(d => d.HasDimValue ? null : d.DimParam) ?? Enumerable.Empty<string?>(),
                declared.Dims.Select(d => d.IsFixed ? null : d.Name));
        }
        for (int i = 0; i < signatureProperties.Length; i++)
        {
            var declared = (TensorSignature)type.GetProperty(signatureProperties[i])!.GetValue(null)!;
            Assert.Equal(i < inputs.Length ? inputs[i] : outputs[i - inputs.Length], declared.Name);
        }
    }

    /// <summary>MaxBatchSize when every input's first dimension is symbolic, SplitsFixedBatch when all fix it to one size above 0.</summary>
    private static string[] BatchingProperty(HostileModel model)
    {
        Onnx.ValueInfoProto[] inputs = model.Model.Graph.Input.ToArray();
        Onnx.TensorShapeProto.Types.Dimension?[] firsts = inputs.Select(i => i.Type.TensorType.Shape?.Dim.FirstOrDefault()).ToArray();
        if (inputs.Length == 0 || firsts.Any(d => d is null)) return Array.Empty<string>();
        if (firsts.All(d => !d!.HasDimValue)) return new[] { "MaxBatchSize" };
        if (firsts.All(d => d!.HasDimValue) && firsts.Select(d => d!.DimValue).Distinct().Count() == 1 && firsts[0]!.DimValue > 0) return new[] { "SplitsFixedBatch" };
        return Array.Empty<string>();
    }

    // The overload of the typed front-end (OnnxTensor<T> parameters), or of the torch one.
    // The front-end's overload: every tensor parameter of its type (an Async form ends with its cancellation token).
    private static MethodInfo TypedMethod(Type type, string name) =>
        type.GetMethods().Single(m => m.Name == name && TensorParameters(m).All(p => p.ParameterType.IsSubclassOf(typeof(OnnxTensor))));

    private static MethodInfo TorchMethod(Type type, string name) =>
        type.GetMethods().Single(m => m.Name == name && TensorParameters(m).All(p => p.ParameterType == typeof(TorchSharp.torch.Tensor)));

    private static IEnumerable<ParameterInfo> TensorParameters(MethodInfo method) =>
        method.GetParameters().Where(p => p.ParameterType != typeof(System.Threading.CancellationToken));

    private static PropertyInfo[] InDeclarationOrder(PropertyInfo[] properties) => properties.OrderBy(p => p.MetadataToken).ToArray();
}
