using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Generator.Spec;
using Xunit;

namespace OnnxTyped.Generator.Tests;

/// <summary>The generator accepts exactly the element types the runtime can bind, under the same names.</summary>
public sealed class ElementTypeTests
{
    [Fact]
    public void GeneratorAndRuntimeAgreeOnEveryOnnxElementType()
    {
        for (int type = 0; type <= 23; type++)
        {
            bool runtimeBinds = TorchElementTypes.ToTorch((TensorElementType)type) is not null;
            Assert.True(runtimeBinds == OnnxElementTypes.IsSupported(type), $"ONNX element type {type} ({OnnxElementTypes.DisplayName(type)}): runtime binds it: {runtimeBinds}");
            if (runtimeBinds)
            {
                Assert.Equal(ElementTypes.OnnxName((TensorElementType)type), OnnxElementTypes.DisplayName(type));
                Assert.Equal(((TensorElementType)type).ToString(), OnnxElementTypes.OrtMemberName((OnnxElementType)type));
            }
        }
    }

    [Fact]
    public void GeneratorAndRuntimeHoldEveryOnnxElementTypeInTheSameDotnetType()
    {
        for (int type = 0; type <= 23; type++)
        {
            string? generated = OnnxElementTypes.DotnetTypeName((OnnxElementType)type);
            string? runtime = DotnetElementTypes.DotnetName((TensorElementType)type);
            string display = OnnxElementTypes.DisplayName(type);
            Assert.True(OnnxElementTypes.IsSupported(type) == (runtime is not null), $"ONNX element type {type} ({display}): the runtime holds it in {runtime ?? "nothing"}");
            Assert.True(runtime == SimpleName(generated), $"ONNX element type {type} ({display}): generated code holds it in {generated ?? "nothing"}, the runtime in {runtime ?? "nothing"}");
        }
    }

    // Generated code names a type so it resolves in any namespace (global::System.Half); the runtime names it for messages (Half).
    private static string? SimpleName(string? generated) => generated?.Substring(generated.LastIndexOf('.') + 1);
}
