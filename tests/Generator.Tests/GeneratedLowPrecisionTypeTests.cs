using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Onnx;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The float8 and int4/uint4 types through the generator: one model per type, each stopped with OTG020, which names the
/// tensor, its type and the .NET type OnnxTyped has for it, and generates no class. ONNX Runtime's C# API opens no session
/// with such an input or output (checked in TorchFree.Tests' OrtCSharpLimitTests, which fail once a release lifts it:
/// then the generator binds them as OnnxTensor&lt;T&gt; of these types; see docs/element-types.md).
/// </summary>
public sealed class GeneratedLowPrecisionTypeTests
{
    private static readonly (int Onnx, string Name, string Dotnet)[] Types =
    {
        (17, "float8e4m3fn", "Float8E4M3FN"), (18, "float8e4m3fnuz", "Float8E4M3FNUZ"), (19, "float8e5m2", "Float8E5M2"),
        (20, "float8e5m2fnuz", "Float8E5M2FNUZ"), (21, "uint4", "UInt4x2"), (22, "int4", "Int4x2"),
    };

    [Fact]
    public void OneModelPerType_IsStoppedWithOtg020_NamingTheTensorAndItsDotnetType()
    {
        string[] paths = Types.Select(t => WriteBytes(IdentityOf(t.Onnx), $"low_precision_{t.Onnx}.onnx")).ToArray();
        GeneratorOutcome outcome = GeneratorHarness.Run(paths.Select((path, i) => new ModelItem(path, ClassName: "LowPrecision" + Types[i].Onnx, Namespace: "InMemory")));
        Assert.Empty(outcome.Sources);
        Assert.Empty(outcome.CompileProblems);
        Assert.Equal(Types.Length * 2, outcome.GeneratorDiagnostics.Length);
        foreach ((int onnx, string name, string dotnet) in Types)
        {
            string file = $"low_precision_{onnx}.onnx";
            foreach (string role in new[] { "input 'x'", "output 'y'" })
                Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "OTG020" && d.Severity == DiagnosticSeverity.Error
                    && d.GetMessage().StartsWith($"The {role} of the ONNX model '{file}' is {name}: OnnxTyped holds it as OnnxTensor<{dotnet}>", StringComparison.Ordinal));
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
