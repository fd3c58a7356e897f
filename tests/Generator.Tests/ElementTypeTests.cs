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
}
