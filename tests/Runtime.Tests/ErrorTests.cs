using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using static OnnxTyped.TestModels.ModelBuilder;
using static OnnxTyped.TestModels.ReadyModels;

namespace OnnxTyped.Runtime.Tests;

/// <summary>Every error of the runner: specific exception, message naming what it must; the session stays usable.</summary>
public sealed class ErrorTests
{
    private static byte[] TwoInputs() => Build(
        new[] { Tensor("image", TensorElementType.Float, "batch", 3, 4), Tensor("scale", TensorElementType.Float, 1) },
        new[] { Tensor("scaled", TensorElementType.Float, "batch", 3, 4) },
        new[] { Node("Mul", new[] { "image", "scale" }, new[] { "scaled" }) });

    [Fact]
    public void MissingInput_NamesIt()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        using torch.Tensor image = torch.zeros(1, 3, 4);
        var error = Assert.Throws<OnnxInputException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["image"] = image }));
        Assert.Equal("scale", error.InputName);
        Assert.Contains("Input 'scale' is missing", error.Message);
        Assert.Contains("float32 [1]", error.Message);
    }

    [Fact]
    public void UnknownInputName_IsRefused_ListingTheModelsInputs()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        using torch.Tensor image = torch.zeros(1, 3, 4), scale = torch.ones(1), typo = torch.ones(1);
        var error = Assert.Throws<OnnxInputException>(() => session.RunViaIoBinding(
            new Dictionary<string, torch.Tensor> { ["image"] = image, ["scale"] = scale, ["sclae"] = typo }));
        Assert.Equal("sclae", error.InputName);
        Assert.Contains("image, scale", error.Message);
    }

    [Fact]
    public void NoInputsGiven_NamesTheFirstMissingInput()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        var error = Assert.Throws<OnnxInputException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor>()));
        Assert.Equal("image", error.InputName);
        Assert.Contains("Input 'image' is missing", error.Message);
    }

    [Fact]
    public void WrongRank_NamesInputExpectedAndActualShape()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        using torch.Tensor image = torch.zeros(3, 4), scale = torch.ones(1);
        var error = Assert.Throws<OnnxInputException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["image"] = image, ["scale"] = scale }));
        Assert.Equal("image", error.InputName);
        Assert.Contains("[batch, 3, 4]", error.Message);
        Assert.Contains("[3, 4]", error.Message);
        Assert.Contains("rank", error.Message);
    }

    [Fact]
    public void WrongStaticDimension_NamesInputExpectedAndActualShape()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        using torch.Tensor image = torch.zeros(2, 3, 5), scale = torch.ones(1);
        var error = Assert.Throws<OnnxInputException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["image"] = image, ["scale"] = scale }));
        Assert.Equal("image", error.InputName);
        Assert.Equal("[batch, 3, 4]", error.Expected);
        Assert.Equal("[2, 3, 5]", error.Actual);
        Assert.Contains("dimension 2 must be 4", error.Message);
    }

    [Fact]
    public void SharedSymbolicDimension_WithTwoSizes_NamesBothInputs()
    {
        // Silero's 'input' is [batch, sequence] and 'state' [2, batch, 128]: one batch, so 2 and 1 disagree.
        using var session = new InferenceSession(RepoModels.SileroVad);
        using torch.Tensor input = torch.zeros(2, 512), state = torch.zeros(2, 1, 128), sr = torch.tensor(16000L);
        var error = Assert.Throws<OnnxInputException>(() =>
            session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr }));
        Assert.Equal("state", error.InputName);
        Assert.Equal("batch = 2", error.Expected);
        Assert.Equal("1", error.Actual);
        Assert.Contains("input 'input' has batch = 2", error.Message);
    }

    [Fact]
    public void InputsOnDifferentDevices_NameTheInputAndBothDevices()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        using torch.Tensor image = torch.zeros(1, 3, 4);
        using torch.Tensor scale = torch.ones(new long[] { 1 }, device: torch.META); // a real second device type, present on any machine
        var error = Assert.Throws<OnnxInputException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["image"] = image, ["scale"] = scale }));
        Assert.Equal("scale", error.InputName);
        Assert.Contains("'scale' is on meta:0", error.Message);
        Assert.Contains("'image' is on cpu", error.Message);
    }

    [Fact]
    public void InputsOnAnUnbindableDevice_AreRefused()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        using torch.Tensor image = torch.zeros(new long[] { 1, 3, 4 }, device: torch.META), scale = torch.ones(new long[] { 1 }, device: torch.META);
        var error = Assert.Throws<OnnxInputException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["image"] = image, ["scale"] = scale }));
        Assert.Contains("only CPU and CUDA", error.Message);
    }

    [Fact]
    public void SequenceInput_IsNotSupported_NamingIt()
    {
        byte[] model = Build(new[] { SequenceOf("items", TensorElementType.Float) }, new[] { Tensor("count", TensorElementType.Int64) },
            new[] { Node("SequenceLength", new[] { "items" }, new[] { "count" }) });
        using InferenceSession session = TestSessions.Open(model);
        using torch.Tensor items = torch.zeros(2);
        var error = Assert.Throws<NotSupportedException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["items"] = items }));
        Assert.Contains("input 'items' is a sequence of float32 tensors, which TorchSharp cannot hold", error.Message);
        Assert.Contains("run the model through the torch-free front-end instead", error.Message);
    }

    [Fact]
    public void SequenceOutput_IsNotSupported_NamingIt()
    {
        byte[] model = Build(new[] { Tensor("x", TensorElementType.Float, 2) }, new[] { SequenceOf("items", TensorElementType.Float) },
            new[] { Node("SequenceConstruct", new[] { "x" }, new[] { "items" }) });
        using InferenceSession session = TestSessions.Open(model);
        using torch.Tensor x = torch.zeros(2);
        var error = Assert.Throws<NotSupportedException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["x"] = x }));
        Assert.Contains("output 'items'", error.Message);
    }

    [Fact]
    public void ElementTypeWithoutTorchDtype_IsNotSupported_NamingIt()
    {
        using InferenceSession session = TestSessions.Open(Identity(TensorElementType.String, 2));
        using torch.Tensor x = torch.zeros(new long[] { 2 }, torch.ScalarType.Int32);
        var error = Assert.Throws<NotSupportedException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["x"] = x }));
        Assert.Contains("input 'x' is a string [2], which TorchSharp cannot hold", error.Message);
        Assert.Contains("run the model through the torch-free front-end instead", error.Message);
    }

    [Fact]
    public void GivenOutputShape_ForUnknownOutput_OrContradictingTheModel_IsRefused()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        using torch.Tensor image = torch.zeros(1, 3, 4), scale = torch.ones(1);
        var inputs = new Dictionary<string, torch.Tensor> { ["image"] = image, ["scale"] = scale };
        var unknown = Assert.Throws<ArgumentException>(() => session.RunViaIoBinding(inputs, new Dictionary<string, long[]> { ["nope"] = new long[] { 1 } }));
        Assert.Contains("'nope'", unknown.Message);
        var contradicting = Assert.Throws<OnnxOutputException>(() => session.RunViaIoBinding(inputs, new Dictionary<string, long[]> { ["scaled"] = new long[] { 1, 3, 5 } }));
        Assert.Contains("'scaled'", contradicting.Message);
        Assert.Contains("[batch, 3, 4]", contradicting.Message);
    }

    [Fact]
    public void AfterEveryError_TheSessionStillRuns()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        using torch.Tensor bad = torch.zeros(new long[] { 1, 3, 4 }, torch.ScalarType.Float64), scale = torch.ones(1);
        Assert.Throws<OnnxInputException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["image"] = bad, ["scale"] = scale }));
        using torch.Tensor image = torch.ones(2, 3, 4);
        var inputs = new Dictionary<string, torch.Tensor> { ["image"] = image, ["scale"] = scale };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        Reference.AssertSameOutputs(session, inputs, outputs);
        outputs[0].Dispose();
    }
}
