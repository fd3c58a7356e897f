using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The generated <c>RunInto</c> hands each caller tensor to its own output, on both front-ends: two outputs of one shape
/// and element type (Relu and Neg of the same input), so only their values tell a swap apart, compared with plain <c>Run</c>.
/// </summary>
public sealed class GeneratedRunIntoTests
{
    private const int Float = 1;

    private static readonly float[] Input = { -2f, -0.5f, 0f, 0.25f, 1f, 3f };

    [Fact]
    public void TwoOutputsOfOneShape_AreEachWrittenIntoTheirOwnTensor_OnBothFrontEnds()
    {
        string path = Write(Model(new[] { Tensor("x", Float, 2L, 3L) }, new[] { Tensor("positive", Float, 2L, 3L), Tensor("negated", Float, 2L, 3L) },
            new[] { Node("Relu", new[] { "x" }, new[] { "positive" }), Node("Neg", new[] { "x" }, new[] { "negated" }) }), "two_outputs.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(path, ClassName: "TwoOutputs", Namespace: "InMemory"));
        Assert.Empty(outcome.CompileProblems);
        using var image = new MemoryStream();
        EmitResult emitted = outcome.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        Type type = Assembly.Load(image.ToArray()).GetType("InMemory.TwoOutputs", throwOnError: true)!;
        List<PlainTensor> expected = Plain(path);

        using var model = (IDisposable)Activator.CreateInstance(type, path, null, null)!;
        using var x = OnnxTensor<float>.FromArray(Input.ToArray(), 2, 3);
        using var positive = OnnxTensor<float>.Allocate(2, 3);
        using var negated = OnnxTensor<float>.Allocate(2, 3);
        RunInto(type, typeof(OnnxTensor<float>)).Invoke(model, new object[] { x, positive, negated });
        Assert.Equal(Floats(expected[0]), positive.ToArray());
        Assert.Equal(Floats(expected[1]), negated.ToArray());

        using torch.Tensor torchX = torch.tensor(Input).reshape(2, 3), torchPositive = torch.empty(2, 3), torchNegated = torch.empty(2, 3);
        RunInto(type, typeof(torch.Tensor)).Invoke(model, new object[] { torchX, torchPositive, torchNegated });
        Assert.Equal(Floats(expected[0]), torchPositive.data<float>().ToArray());
        Assert.Equal(Floats(expected[1]), torchNegated.data<float>().ToArray());
    }

    private static MethodInfo RunInto(Type type, Type tensor) =>
        type.GetMethods().Single(m => m.Name == "RunInto" && m.GetParameters().All(p => p.ParameterType == tensor));

    private static List<PlainTensor> Plain(string path)
    {
        using var session = new InferenceSession(path);
        byte[] bytes = new byte[Input.Length * sizeof(float)];
        Buffer.BlockCopy(Input, 0, bytes, 0, bytes.Length);
        return PlainOnnxRun.Outputs(session, new Dictionary<string, PlainTensor> { ["x"] = new(new long[] { 2, 3 }, TensorElementType.Float, bytes) });
    }

    private static float[] Floats(PlainTensor tensor)
    {
        var values = new float[tensor.Bytes.Length / sizeof(float)];
        Buffer.BlockCopy(tensor.Bytes, 0, values, 0, tensor.Bytes.Length);
        return values;
    }
}
