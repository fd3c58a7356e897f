using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// Which front-ends a class gets, proved by compiling generated code in memory with consumer code: the typed one
/// always, its element types checked by the compiler; the torch one only when the compilation references it.
/// </summary>
public sealed class FrontEndCompilationTests
{
    private const int Float = 1, UInt16 = 4;

    // Calls the typed Run of Silero (inputs float32, float32, int64) with sr as OnnxTensor<{srType}>.
    private static string SileroCall(string srType) => $$"""
        using OnnxTyped;

        namespace InMemory
        {
            internal static class Consumer
            {
                public static float[] Probability(string path, float[] samples, {{srType}} rate)
                {
                    using var model = new Vad(path);
                    using var input = OnnxTensor<float>.FromArray(samples, 1, 512);
                    using var state = OnnxTensor<float>.Allocate(2, 1, 128);
                    using var sr = OnnxTensor<{{srType}}>.FromArray(new[] { rate });
                    using Vad.Outputs result = model.Run(input, state, sr);
                    return result.Output.ToArray();
                }
            }
        }
        """;

    private static readonly ModelItem Silero = new(RepoModels.SileroVad, ClassName: "Vad", Namespace: "InMemory");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AWrongElementTypeDoesNotCompile(bool withTorch)
    {
        var references = withTorch ? GeneratorHarness.References : GeneratorHarness.CoreReferences;
        GeneratorOutcome right = GeneratorHarness.Run(new[] { Silero }, GeneratorHarness.CreateCompilation(references, SileroCall("long")));
        Assert.Empty(right.CompileProblems);

        GeneratorOutcome wrong = GeneratorHarness.Run(new[] { Silero }, GeneratorHarness.CreateCompilation(references, SileroCall("int")));
        Diagnostic error = Assert.Single(wrong.CompileProblems);
        Assert.Equal("CS1503", error.Id);   // Argument 3: cannot convert from 'OnnxTensor<int>' to 'OnnxTensor<long>'
        Assert.Contains("OnnxTyped.OnnxTensor<int>", error.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("OnnxTyped.OnnxTensor<long>", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheTorchFrontEnd_NoTorchMemberIsGenerated_AndTheTypedOneRuns()
    {
        Assert.DoesNotContain(GeneratorHarness.CoreReferences, r => r.Display!.Contains("TorchSharp", StringComparison.OrdinalIgnoreCase)
            || Path.GetFileName(r.Display!) == "OnnxTyped.TorchSharp.dll");
        ModelProto fixedBatch = Model(new[] { Tensor("pixels", UInt16, 4L, 3L) }, new[] { Tensor("counts", UInt16, 4L, 3L) },
            new[] { Node("Identity", new[] { "pixels" }, new[] { "counts" }) });
        GeneratorOutcome outcome = GeneratorHarness.Run(
            new[] { Silero, new ModelItem(RepoModels.PpOcrDet, Namespace: "InMemory"), new ModelItem(Write(fixedBatch, "fixed.onnx"), Namespace: "InMemory"), ConstantItem() },
            GeneratorHarness.CreateCompilation(GeneratorHarness.CoreReferences, SileroCall("long")));
        Assert.Equal(new[] { "OTG010" }, outcome.GeneratorDiagnostics.Select(d => d.Id));   // the constant model's warning
        Assert.Empty(outcome.CompileProblems);
        Assert.Equal(4, outcome.Sources.Count);
        foreach ((string hintName, string text) in outcome.Sources)
            foreach (string torchName in new[] { "TorchSharp", "BoundSession", "TorchOutputs", "TorchDevice", "RunTorch", "_torch" })
                Assert.False(text.Contains(torchName, StringComparison.Ordinal), $"{hintName} names {torchName}");

        Assembly assembly = Emit(outcome.Compilation);
        float[] samples = TypedRunTests.Noise(512, seed: 5);
        var probability = (float[])assembly.GetType("InMemory.Consumer", throwOnError: true)!.GetMethod("Probability")!
            .Invoke(null, new object[] { RepoModels.SileroVad, samples, 16000L })!;
        float[] expected = TypedRunTests.RunPlain(RepoModels.SileroVad,
            NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(samples, new[] { 1, 512 })),
            NamedOnnxValue.CreateFromTensor("state", new DenseTensor<float>(new float[2 * 128], new[] { 2, 1, 128 })),
            NamedOnnxValue.CreateFromTensor("sr", new DenseTensor<long>(new[] { 16000L }, Array.Empty<int>())))["output"].Data;
        Assert.Equal(expected, probability);
    }

    [Fact]
    public void Unsigned16_BindsNativelyAsUShort_OnTheTypedFrontEnd()
    {
        string path = WriteBytes(ReadyModels.Identity(UInt16, 3L), "identity_uint16.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(path, ClassName: "Copy", Namespace: "InMemory"));
        Assert.Empty(outcome.CompileProblems);
        Type type = Emit(outcome.Compilation).GetType("InMemory.Copy", throwOnError: true)!;
        MethodInfo run = type.GetMethods().Single(m => m.Name == "Run" && m.ReturnType.Name == "Outputs");
        Assert.Equal(typeof(OnnxTensor<ushort>), run.GetParameters().Single().ParameterType);

        using var model = (IDisposable)Activator.CreateInstance(type, path, null, null)!;
        using var x = OnnxTensor<ushort>.FromArray(new ushort[] { 0, 40000, ushort.MaxValue }, 3);
        using var result = (IDisposable)run.Invoke(model, new object[] { x })!;
        var y = (OnnxTensor<ushort>)result.GetType().GetProperty("Y")!.GetValue(result)!;
        Assert.Equal(new ushort[] { 0, 40000, ushort.MaxValue }, y.ToArray());
    }

    // Calls both front-ends of Silero: Run on OnnxTensor<T>s, RunTorch on torch tensors of the same values.
    private const string SileroBothFrontEndsCall = """
        using OnnxTyped;
        using TorchSharp;

        namespace InMemory
        {
            internal static class Consumer
            {
                public static float[][] Probabilities(string path, float[] samples)
                {
                    using var model = new Vad(path);
                    using var input = OnnxTensor<float>.FromArray(samples, 1, 512);
                    using var state = OnnxTensor<float>.Allocate(2, 1, 128);
                    using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
                    using Vad.Outputs typed = model.Run(input, state, sr);
                    using torch.Tensor torchInput = torch.tensor(samples).reshape(1, 512), torchState = torch.zeros(2, 1, 128), torchSr = torch.tensor(16000L);
                    using Vad.TorchOutputs viaTorch = model.RunTorch(torchInput, torchState, torchSr);
                    return new[] { typed.Output.ToArray(), viaTorch.Output.data<float>().ToArray() };
                }
            }
        }
        """;

    [Fact]
    public void AModelWithInputs_GetsRunOnTheTypedFrontEnd_AndRunTorchOnTheTorchOne()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(new[] { Silero }, GeneratorHarness.CreateCompilation(GeneratorHarness.References, SileroBothFrontEndsCall));
        // CS1701: code naming a TorchSharp type meets TorchSharp's reference to .NET 8's System.Runtime.Numerics (unified, harmless).
        Assert.DoesNotContain(outcome.CompileProblems, d => d.Id != "CS1701");
        Assembly assembly = Emit(outcome.Compilation);
        Type type = assembly.GetType("InMemory.Vad", throwOnError: true)!;
        Assert.Equal("Outputs", Assert.Single(type.GetMethods(), m => m.Name == "Run").ReturnType.Name);
        MethodInfo torchRun = Assert.Single(type.GetMethods(), m => m.Name == "RunTorch");
        Assert.Equal("TorchOutputs", torchRun.ReturnType.Name);
        Assert.Equal(new[] { typeof(torch.Tensor), typeof(torch.Tensor), typeof(torch.Tensor) }, torchRun.GetParameters().Select(p => p.ParameterType));

        var probabilities = (float[][])assembly.GetType("InMemory.Consumer", throwOnError: true)!.GetMethod("Probabilities")!
            .Invoke(null, new object[] { RepoModels.SileroVad, TypedRunTests.Noise(512, seed: 6) })!;
        Assert.Equal(probabilities[0], probabilities[1]);
    }

    [Fact]
    public void AModelWithoutInputs_GetsRunAndRunTorch()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(ConstantItem());
        Assert.Equal("OTG010", Assert.Single(outcome.GeneratorDiagnostics).Id);
        Assert.Empty(outcome.CompileProblems);
        Type type = Emit(outcome.Compilation).GetType("InMemory.Constant", throwOnError: true)!;
        MethodInfo typed = Assert.Single(type.GetMethods(), m => m.Name == "Run");
        MethodInfo torchRun = Assert.Single(type.GetMethods(), m => m.Name == "RunTorch");
        Assert.Empty(typed.GetParameters());
        Assert.Empty(torchRun.GetParameters());
        Assert.Equal("Outputs", typed.ReturnType.Name);
        Assert.Equal("TorchOutputs", torchRun.ReturnType.Name);

        using var model = (IDisposable)Activator.CreateInstance(type, ConstantPath, null, null)!;
        using (var result = (IDisposable)typed.Invoke(model, null)!)
            Assert.Equal(new[] { 1f, 2f }, ((OnnxTensor<float>)result.GetType().GetProperty("Y")!.GetValue(result)!).ToArray());
        using (var result = (IDisposable)torchRun.Invoke(model, null)!)
            Assert.Equal(new[] { 1f, 2f }, ((torch.Tensor)result.GetType().GetProperty("Y")!.GetValue(result)!).data<float>().ToArray());
    }

    // y = Identity(bias), bias an initializer listed as a graph input: Run takes nothing (OTG010).
    private static readonly string ConstantPath = Write(Model(
        new[] { Tensor("bias", Float, 2L) }, new[] { Tensor("y", Float, 2L) },
        new[] { Node("Identity", new[] { "bias" }, new[] { "y" }) }, new[] { FloatTensor("bias", new long[] { 2 }, 1, 2) }), "constant.onnx");

    private static ModelItem ConstantItem() => new(ConstantPath, ClassName: "Constant", Namespace: "InMemory");

    private static Assembly Emit(Compilation compilation)
    {
        using var image = new MemoryStream();
        EmitResult emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray());
    }
}
