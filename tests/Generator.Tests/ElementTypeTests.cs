using System;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Generator.Spec;
using Xunit;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The generator accepts exactly the element types the typed front-end binds, under the same names, and gives the TorchSharp
/// front-end exactly those it binds.
/// </summary>
public sealed class ElementTypeTests
{
    [Fact]
    public void GeneratorAndRuntimeAgreeOnEveryOnnxElementType()
    {
        for (int type = 0; type <= 23; type++)
        {
            bool torchBinds = TorchElementTypes.ToTorch((TensorElementType)type) is not null;
            Assert.True(torchBinds == OnnxElementTypes.TorchCanHold(type), $"ONNX element type {type} ({OnnxElementTypes.DisplayName(type)}): the torch front-end binds it: {torchBinds}");
            bool typedBinds = DotnetElementTypes.DotnetName((TensorElementType)type) is not null;
            Assert.True(typedBinds == OnnxElementTypes.IsSupported(type), $"ONNX element type {type} ({OnnxElementTypes.DisplayName(type)}): the typed front-end binds it: {typedBinds}");
            if (typedBinds)
            {
                Assert.Equal(ElementTypes.OnnxName((TensorElementType)type), OnnxElementTypes.DisplayName(type));
                Assert.Equal((TensorElementType)type, OrtMemberValue(OnnxElementTypes.OrtMemberName((OnnxElementType)type)));
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

    // What generated code's `TensorElementType.<name>` evaluates to: a member, or a member plus an offset ("Float + 16").
    private static TensorElementType OrtMemberValue(string name)
    {
        string[] parts = name.Split(" + ");
        int offset = parts.Length == 2 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (TensorElementType)((int)Enum.Parse<TensorElementType>(parts[0]) + offset);
    }

    // Generated code names a type so it resolves in any namespace (global::System.Half); the runtime names it for messages (Half).
    private static string? SimpleName(string? generated) => generated?.Substring(generated.LastIndexOf('.') + 1);
}
