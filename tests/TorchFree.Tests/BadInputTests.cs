using System;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// What the typed front-end refuses, before anything runs: each a specific exception naming the input or output, what
/// was expected and what came; the session stays usable afterwards.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly InferenceSession _session = Models.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
    private readonly ModelSession _model;
    private readonly OnnxTensor<float> _good = OnnxTensor<float>.Allocate(1, 8);

    public BadInputTests()
    {
        _model = new ModelSession(_session, ModelSignature.Of(_session)) { Name = "TinyMlp" };
    }

    [Fact]
    public void AWrongShape_NamesTheInput_TheDeclaredAndTheGivenShape()
    {
        using OnnxTensor<float> x = OnnxTensor<float>.Allocate(1, 7);
        var error = Assert.Throws<OnnxInputException>(() => _model.Run(new OnnxTensor[] { x }));
        Assert.Equal("x", error.InputName);
        Assert.Contains("[batch, 8]", error.Message);
        Assert.Contains("[1, 7]", error.Message);
        StillRuns();
    }

    [Fact]
    public void AWrongElementType_NamesTheInputAndBothTypes()
    {
        using OnnxTensor<double> x = OnnxTensor<double>.Allocate(1, 8);
        var error = Assert.Throws<OnnxInputException>(() => _model.Run(new OnnxTensor[] { x }));
        Assert.Equal("x", error.InputName);
        Assert.Contains("float64", error.Message);
        Assert.Contains("OnnxTensor<float>", error.Message);
        StillRuns();
    }

    [Fact]
    public void NullDisposedAndMissingInputs_AreRefused()
    {
        Assert.Equal("x", Assert.Throws<OnnxInputException>(() => _model.Run(new OnnxTensor[] { null! })).InputName);
        var disposed = OnnxTensor<float>.Allocate(1, 8);
        disposed.Dispose();
        var refused = Assert.Throws<OnnxInputException>(() => _model.Run(new OnnxTensor[] { disposed }));
        Assert.Equal("x", refused.InputName);
        Assert.Contains("disposed", refused.Message);
        Assert.Throws<ArgumentException>(() => _model.Run(ReadOnlySpan<OnnxTensor>.Empty));
        StillRuns();
    }

    [Fact]
    public void RunInto_RefusesAnOutputOfTheWrongShapeOrType_NamingIt()
    {
        using OnnxTensor<float> wrongShape = OnnxTensor<float>.Allocate(1, 5);
        var error = Assert.Throws<OnnxOutputException>(() => _model.RunInto(new OnnxTensor[] { _good }, new OnnxTensor[] { wrongShape }));
        Assert.Contains("'y'", error.Message);
        Assert.Contains("[1, 4]", error.Message);
        // A batch of 2 fits the declared [batch, 4]; only the input's batch of 1 says it is wrong.
        using OnnxTensor<float> wrongBatch = OnnxTensor<float>.Allocate(2, 4);
        error = Assert.Throws<OnnxOutputException>(() => _model.RunInto(new OnnxTensor[] { _good }, new OnnxTensor[] { wrongBatch }));
        Assert.Contains("'y'", error.Message);
        Assert.Contains("[2, 4]", error.Message);
        Assert.Contains("[1, 4]", error.Message);
        using OnnxTensor<int> wrongType = OnnxTensor<int>.Allocate(1, 4);
        Assert.Contains("int32", Assert.Throws<OnnxOutputException>(() => _model.RunInto(new OnnxTensor[] { _good }, new OnnxTensor[] { wrongType })).Message);
        StillRuns();
    }

    [Fact]
    public void ACallAfterDispose_IsRefusedNamingTheModel()
    {
        var model = new ModelSession(_session, ModelSignature.Of(_session)) { Name = "Closed" };
        model.Dispose();
        Assert.Equal("Closed", Assert.Throws<ObjectDisposedException>(() => model.Run(new OnnxTensor[] { _good })).ObjectName);
    }

    [Fact]
    public void AnElementTypeWithoutDotnetType_IsACleanError()
    {
        Assert.Throws<NotSupportedException>(() => OnnxTensor<DateTime>.Allocate(1));
    }

    private void StillRuns()
    {
        OnnxTensor[] outputs = _model.Run(new OnnxTensor[] { _good });
        PlainRun.AssertSame(_session, new OnnxTensor[] { _good }, outputs);
        outputs[0].Dispose();
    }

    public void Dispose()
    {
        _good.Dispose();
        _model.Dispose();
        _session.Dispose();
    }
}
