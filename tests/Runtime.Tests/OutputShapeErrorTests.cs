using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// RunInto with an output of the wrong shape where the library cannot tell the shape before the run (issue 25, D3):
/// ONNX Runtime's "Shape mismatch attempting to re-use buffer" names no output, so both front-ends answer with their
/// own error naming the output, the shape given and the shape the model writes; the model stays usable.
/// </summary>
public sealed class OutputShapeErrorTests
{
    private const int Float = (int)TensorElementType.Float;

    // y = Flatten(x): x [2, n, 3] -> y [2, m], m = 3n; "m" is named by no input, so only the run tells it.
    private static InferenceSession Flatten() => TestSessions.Open(Build(
        new[] { Tensor("x", Float, 2, "n", 3) },
        new[] { Tensor("y", Float, 2, "m") },
        new[] { Node("Flatten", new[] { "x" }, new[] { "y" }) }));

    [Fact]
    public void Typed_WrongShapeTheRunAloneKnows_IsNamedWithBothShapes()
    {
        using InferenceSession session = Flatten();
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = OnnxTensor<float>.FromArray(new float[12], 2, 2, 3);
        using OnnxTensor<float> right = OnnxTensor<float>.Allocate(2, 6), wrong = OnnxTensor<float>.Allocate(2, 5);
        model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { right }); // the shape once seen does not make the next call's known

        var error = Assert.Throws<OnnxOutputException>(() => model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { wrong }));

        Assert.Contains("Output 'y' has shape [2, 5], but for these inputs the model writes [2, 6] (declared [2, m])", error.Message);
        for (int call = 0; call < 3; call++)
        {
            for (int i = 0; i < 12; i++) x.Span[i] = (call + 1) * i - 5;
            model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { right });
            Assert.Equal(PlainOnnxRun.FloatOutputs(session, "x", x.ToArray(), 2, 2, 3)[0], right.ToArray());
        }
    }

    [Fact]
    public void Torch_WrongShapeTheRunAloneKnows_IsNamedWithBothShapes()
    {
        using InferenceSession session = Flatten();
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        using torch.Tensor x = torch.rand(2, 2, 3);
        using torch.Tensor right = torch.empty(2, 6), wrong = torch.empty(2, 5);
        bound.RunInto(new[] { x }, new[] { right });

        var error = Assert.Throws<OnnxOutputException>(() => bound.RunInto(new[] { x }, new[] { wrong }));

        Assert.Contains("Output 'y' has shape [2, 5], but for these inputs the model writes [2, 6] (declared [2, m])", error.Message);
        bound.RunInto(new[] { x }, new[] { right });
        Reference.AssertSameOutputs(session, new Dictionary<string, torch.Tensor> { ["x"] = x }, new[] { right });
    }

    [Fact]
    public void Typed_AGenuineFailure_StaysOnnxRuntimes()
    {
        // Shapes are not the cause here (an int64 Reshape target that cannot hold the input): the run fails however the
        // output is shaped, and ONNX Runtime's own error surfaces unchanged.
        using InferenceSession session = TestSessions.Open(Build(
            new[] { Tensor("x", Float, "n"), Tensor("shape", (int)TensorElementType.Int64, 1) },
            new[] { Tensor("y", Float, "m") },
            new[] { Node("Reshape", new[] { "x", "shape" }, new[] { "y" }) }));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = OnnxTensor<float>.FromArray(new float[6], 6);
        using OnnxTensor<long> shape = OnnxTensor<long>.FromArray(new[] { 5L }, 1);
        using OnnxTensor<float> y = OnnxTensor<float>.Allocate(5);

        Assert.Throws<OnnxRuntimeException>(() => model.RunInto(new OnnxTensor[] { x, shape }, new OnnxTensor[] { y }));
    }
}
