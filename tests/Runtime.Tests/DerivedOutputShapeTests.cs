using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using Xunit;
using OnnxTyped.TestModels;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Output shapes derived from input dimensions named alike, where the name sits at another position or in another
/// input than the output's: the derived shape, and real runs that pre-allocate from it, compared with plain Run.
/// (Every other test derives an output's dimension d from dimension d of the first input, so a mix-up of the two
/// went unnoticed: the mutation check's <c>output-dim-index</c>.)
/// </summary>
public sealed class DerivedOutputShapeTests
{
    /// <summary>y[m, n] = Transpose(x[n, m]): each output dimension comes from the other input dimension.</summary>
    private static byte[] Transpose() => Build(
        new[] { Tensor("x", TensorElementType.Float, "n", "m") },
        new[] { Tensor("y", TensorElementType.Float, "m", "n") },
        new[] { Node("Transpose", new[] { "x" }, new[] { "y" }) });

    /// <summary>y[n, m] = MatMul(a[n, k], b[k, m]): the output's m comes from the second input.</summary>
    private static byte[] MatMul() => Build(
        new[] { Tensor("a", TensorElementType.Float, "n", "k"), Tensor("b", TensorElementType.Float, "k", "m") },
        new[] { Tensor("y", TensorElementType.Float, "n", "m") },
        new[] { Node("MatMul", new[] { "a", "b" }, new[] { "y" }) });

    /// <summary>The derived shape of output 0 for <paramref name="inputs"/> is <paramref name="expected"/>, and a run pre-allocating it equals plain Run.</summary>
    private static void AssertDerivedAndRun(InferenceSession session, Dictionary<string, torch.Tensor> inputs, long[] expected)
    {
        long[][] shapes = session.InputNames.Select(name => inputs[name].shape).ToArray();
        Assert.Equal(expected, SessionPlan.Of(session).DerivedOutputShape(0, shapes));
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        try
        {
            Assert.Equal(expected, outputs[0].shape);
            Reference.AssertSameOutputs(session, inputs, outputs);
        }
        finally
        {
            outputs[0].Dispose();
        }
    }

    [Fact]
    public void DimensionNamedAtAnotherPosition_IsTakenFromThatPosition()
    {
        using InferenceSession session = TestSessions.Open(Transpose());
        using torch.Tensor x = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        AssertDerivedAndRun(session, new Dictionary<string, torch.Tensor> { ["x"] = x }, new long[] { 3, 2 });
    }

    [Fact]
    public void DimensionNamedAtAnotherPosition_RunInto_AcceptsTheRunsShape_AndWritesIt()
    {
        using InferenceSession session = TestSessions.Open(Transpose());
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        using torch.Tensor x = torch.arange(6, dtype: torch.float32).reshape(2, 3) - 2.5;
        using torch.Tensor y = torch.full(3, 2, float.NaN);

        bound.RunInto(new[] { x }, new[] { y });

        Reference.AssertSameOutputs(session, new Dictionary<string, torch.Tensor> { ["x"] = x }, new[] { y });
    }

    [Fact]
    public void DimensionNamedInTheSecondInput_IsTakenFromThatInput()
    {
        using InferenceSession session = TestSessions.Open(MatMul());
        torch.manual_seed(12);
        using torch.Tensor a = torch.randn(2, 4), b = torch.randn(4, 5);
        AssertDerivedAndRun(session, new Dictionary<string, torch.Tensor> { ["a"] = a, ["b"] = b }, new long[] { 2, 5 });
    }
}
