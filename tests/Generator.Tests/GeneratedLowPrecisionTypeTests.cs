using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Onnx;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The float8 and int4/uint4 types through the generator, as <see cref="GeneratedElementTypeRunTests"/> does the others:
/// one model per type, generated and compiled in one compilation that references TorchSharp, its typed <c>Run</c> and
/// <c>RunInto</c> taking <c>OnnxTensor&lt;T&gt;</c> of the .NET type written out here, and no <c>RunTorch</c> (TorchSharp
/// holds none of them; OTG019 says so). The models cannot run yet: ONNX Runtime's C# API opens no session with such an
/// input or output, and the class says why instead of passing ONNX Runtime's message on (see docs/element-types.md).
/// </summary>
public sealed class GeneratedLowPrecisionTypeTests
{
    private static readonly (int Onnx, Type Dotnet)[] Types =
    {
        (17, typeof(Float8E4M3FN)), (18, typeof(Float8E4M3FNUZ)), (19, typeof(Float8E5M2)), (20, typeof(Float8E5M2FNUZ)),
        (21, typeof(UInt4x2)), (22, typeof(Int4x2)),
    };

    [Fact]
    public void OneModelPerType_GetsATypedRunAndRunInto_OverItsDotnetType_AndNoRunTorch()
    {
        string[] paths = Types.Select(t => WriteBytes(IdentityOf(t.Onnx), $"low_precision_{t.Onnx}.onnx")).ToArray();
        GeneratorOutcome outcome = GeneratorHarness.Run(paths.Select((path, i) => new ModelItem(path, ClassName: "LowPrecision" + Types[i].Onnx, Namespace: "InMemory")));
        Assert.Empty(outcome.CompileProblems);
        Assert.All(outcome.GeneratorDiagnostics, d => Assert.Equal("OTG019", d.Id));
        Assert.Equal(Types.Length, outcome.GeneratorDiagnostics.Length);
        using var image = new MemoryStream();
        EmitResult emitted = outcome.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        Assembly assembly = Assembly.Load(image.ToArray());

        for (int i = 0; i < Types.Length; i++)
        {
            (int onnx, Type dotnet) = Types[i];
            Type model = assembly.GetType("InMemory.LowPrecision" + onnx, throwOnError: true)!;
            Type tensor = typeof(OnnxTensor<>).MakeGenericType(dotnet);
            MethodInfo run = model.GetMethods().Single(m => m.Name == "Run" && m.ReturnType.Name == "Outputs");
            Assert.True(tensor == run.GetParameters().Single().ParameterType, $"{dotnet.Name}: Run takes {run.GetParameters().Single().ParameterType}");
            Assert.True(tensor == run.ReturnType.GetProperty("Y")!.PropertyType, $"{dotnet.Name}: Outputs.Y is {run.ReturnType.GetProperty("Y")!.PropertyType}");
            MethodInfo runInto = model.GetMethods().Single(m => m.Name == "RunInto");
            Assert.Equal(new[] { tensor, tensor }, runInto.GetParameters().Select(p => p.ParameterType).ToArray());
            Assert.DoesNotContain(model.GetMethods(), m => m.Name == "RunTorch");

            var error = Assert.Throws<TargetInvocationException>(() => ((IDisposable)Activator.CreateInstance(model, paths[i], null, null)!).Dispose());
            var refused = Assert.IsType<NotSupportedException>(error.InnerException);
            Assert.Contains($"input 'x' is {ElementTypes.OnnxName((Microsoft.ML.OnnxRuntime.Tensors.TensorElementType)onnx)}", refused.Message, StringComparison.Ordinal);
        }
    }

    // x → y, both of `type`, over a symbolic length, with kernels ONNX Runtime's CPU provider has: Identity for float8;
    // for int4/uint4 (which its Identity lacks) dequantized and quantized again with scale 1 and zero point 0.
    private static byte[] IdentityOf(int type)
    {
        var zero = new TensorProto { Name = "zero", DataType = type, RawData = Google.Protobuf.ByteString.CopyFrom(new byte[1]) };
        NodeProto[] nodes = type < 21
            ? new[] { ModelBuilder.Node("Identity", new[] { "x" }, new[] { "y" }) }
            : new[]
            {
                ModelBuilder.Node("DequantizeLinear", new[] { "x", "scale", "zero" }, new[] { "values" }),
                ModelBuilder.Node("QuantizeLinear", new[] { "values", "scale", "zero" }, new[] { "y" }),
            };
        ModelProto model = ModelBuilder.Model(
            new[] { ModelBuilder.Tensor("x", type, "n") },
            new[] { ModelBuilder.Tensor("y", type, "n") },
            nodes,
            type < 21 ? null : new[] { ModelBuilder.FloatTensor("scale", Array.Empty<long>(), 1f), zero },
            opset: 21);
        model.IrVersion = 10;
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }
}
