using System.Collections.Generic;
using System.Linq;
using OnnxTyped.Generator.Parser;
using OnnxTyped.Generator.Reader;
using OnnxTyped.Generator.Spec;
using Xunit;

namespace OnnxTyped.Generator.Tests;

/// <summary>The naming rules: runs of letters and digits, camelCase parameters, PascalCase properties.</summary>
public sealed class NamingTests
{
    [Theory]
    [InlineData("onnx::Flatten_0", "onnxFlatten0")]
    [InlineData("class", "@class")]
    [InlineData("39", "input39")]
    [InlineData("", "input")]
    [InlineData("RGB_image", "rgbImage")]
    [InlineData("X", "x")]
    [InlineData("stateN", "stateN")]
    [InlineData("p2o.DynamicDimension.0", "p2oDynamicDimension0")]
    [InlineData("Größe", "größe")]
    public void Parameters(string onnxName, string expected) =>
        Assert.Equal(expected, CSharpNames.EscapeKeyword(CSharpNames.Camel(onnxName, "input")));

    [Theory]
    [InlineData("sigmoid_0.tmp_0", "Sigmoid0Tmp0")]
    [InlineData("stateN", "StateN")]
    [InlineData("39", "Output39")]
    [InlineData("", "Output")]
    [InlineData("class", "Class")]
    [InlineData("ch_PP-OCRv4_det_infer", "ChPPOCRv4DetInfer")]
    public void Properties(string onnxName, string expected) => Assert.Equal(expected, CSharpNames.Pascal(onnxName, "Output"));

    [Fact]
    public void CollisionsAreNumberedInModelOrder()
    {
        var taken = new NameSet(new[] { "Dispose", "X4" });
        string[] names = new[] { "x", "X", "x!", "Dispose", "x_", "X2" }.Select(n => taken.Claim(CSharpNames.Pascal(n, "Output"))).ToArray();
        // The lowest free number: X4 is taken from the start, and X2 as a name of its own gets a number of its own.
        Assert.Equal(new[] { "X", "X2", "X3", "Dispose2", "X5", "X22" }, names);
    }

    [Theory]
    [InlineData("My App", "My_App")]
    [InlineData("my-app.2d", "my_app._2d")]
    [InlineData("App.class", "App._class")]
    public void RootNamespacesAreSanitized(string rootNamespace, string expected)
    {
        Assert.Equal(expected, CSharpNames.SanitizeNamespace(rootNamespace));
        Assert.True(CSharpNames.IsValidNamespace(expected));
    }

    [Fact]
    public void ClassNameDefaultsToTheFileNameInPascalCase()
    {
        var model = new ModelProto { Graph = new GraphProto() };
        model.Graph.Outputs.Add(new ValueInfoProto { Name = "y", Kind = ValueKind.Tensor, ElementType = 1, HasShape = true });
        Result<ModelSpec> result = ModelSpecParser.Build(model, new ModelFileOptions("/m/ch_PP-OCRv4_det_infer.onnx", "", "", "My App", ""));
        Assert.Equal("ChPPOCRv4DetInfer", result.Value!.ClassName);
        Assert.Equal("My_App", result.Value.Namespace);
        Assert.Equal("ch_PP-OCRv4_det_infer.onnx", result.Value.TargetPath);
    }
}
