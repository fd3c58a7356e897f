using System;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// What the typed front-end says about disposed tensors (issue 25, M1 and M3): an output names itself, not only its dtype
/// and shape, and the advice about <c>Outputs.Take</c> comes only for an input that was an earlier call's output.
/// </summary>
public sealed class DisposedTensorMessageTests
{
    [Fact]
    public void ADisposedOutput_IsNamedWhenRead()
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(4, 8, 3, seed: 5));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = OnnxTensor<float>.FromArray(new float[] { 1, 2, 3, 4 }, 1, 4);
        OnnxTensor output = model.Run(new OnnxTensor[] { x })[0];
        output.Dispose();

        var error = Assert.Throws<ObjectDisposedException>(() => ((OnnxTensor<float>)output).Span.ToArray());

        Assert.Equal("output 'y' (float32 [1, 3])", error.ObjectName);
    }

    [Fact]
    public void ADisposedInput_GetsTheTakeAdvice_OnlyWhenItWasAnOutput()
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Identity(1, "n"));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        OnnxTensor<float> mine = OnnxTensor<float>.FromArray(new float[] { 1, 2 }, 2);
        OnnxTensor earlier = model.Run(new OnnxTensor[] { mine })[0];
        mine.Dispose();
        earlier.Dispose();

        string ofMine = Assert.Throws<OnnxInputException>(() => model.Run(new OnnxTensor[] { mine })).Message;
        string ofOutput = Assert.Throws<OnnxInputException>(() => model.Run(new OnnxTensor[] { earlier })).Message;

        Assert.Contains("Input 'x' was disposed before the call", ofMine);
        Assert.Contains("Pass a tensor that is not disposed.", ofMine);
        Assert.DoesNotContain("Take", ofMine);
        Assert.Contains("It is output 'y' of an earlier call: to keep an output past its Outputs object, take it with Outputs.Take", ofOutput);
    }
}
