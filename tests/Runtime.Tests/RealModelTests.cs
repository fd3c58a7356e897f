using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>The two real models, through RunViaIoBinding, compared with ONNX Runtime's plain Run.</summary>
public sealed class RealModelTests
{
    [Fact]
    public void SileroVad_MatchesPlainRun_WithDerivedAndOrtAllocatedOutputs()
    {
        using var session = new InferenceSession(RepoModels.SileroVad);
        torch.manual_seed(1);
        using var input = torch.rand(1, 512) * 2 - 1;
        using var state = torch.rand(2, 1, 128) * 0.1;
        using var sr = torch.tensor(16000L); // rank-0 scalar
        var inputs = new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr };

        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        try
        {
            Assert.Equal(new long[] { 1, 1 }, outputs[0].shape);       // [batch, 1]: pre-allocated from input's batch
            Assert.Equal(new long[] { 2, 1, 128 }, outputs[1].shape);  // [AddstateN_dim_0, batch, AddstateN_dim_2]: ORT-allocated
            Reference.AssertSameOutputs(session, inputs, outputs);
            float probability = outputs[0].item<float>();
            Assert.InRange(probability, 0f, 1f);
        }
        finally
        {
            foreach (var o in outputs) o.Dispose();
        }
    }

    [Fact]
    public void SileroVad_RunsABatchOfTwo_WithStateCarriedAcrossCalls()
    {
        using var session = new InferenceSession(RepoModels.SileroVad);
        torch.manual_seed(2);
        torch.Tensor state = torch.zeros(2, 2, 128);
        using var sr = torch.tensor(16000L);
        for (int step = 0; step < 3; step++)
        {
            using var input = torch.rand(2, 512) - 0.5;
            var inputs = new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr };
            IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
            Reference.AssertSameOutputs(session, inputs, outputs);
            Assert.Equal(new long[] { 2, 1 }, outputs[0].shape);
            outputs[0].Dispose();
            state.Dispose();
            state = outputs[1];
        }
        state.Dispose();
    }

    [Fact]
    public void PpOcrDetection_MatchesPlainRun_OrtAllocated()
    {
        using var session = new InferenceSession(RepoModels.PpOcrDet);
        torch.manual_seed(3);
        using var x = torch.rand(1, 3, 64, 96);
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        Assert.Equal(new long[] { 1, 1, 64, 96 }, outputs[0].shape);
        Reference.AssertSameOutputs(session, inputs, outputs);
        outputs[0].Dispose();
    }

    [Fact]
    public void PpOcrDetection_MatchesPlainRun_PreAllocatedFromGivenShape()
    {
        using var session = new InferenceSession(RepoModels.PpOcrDet);
        torch.manual_seed(4);
        using var x = torch.rand(2, 3, 64, 64);
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        var shapes = new Dictionary<string, long[]> { ["sigmoid_0.tmp_0"] = new long[] { 2, 1, 64, 64 } };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs, shapes);
        Reference.AssertSameOutputs(session, inputs, outputs);
        outputs[0].Dispose();
    }

    [Fact]
    public void ModelSignature_IsReadOncePerSession()
    {
        using var session = new InferenceSession(RepoModels.PpOcrDet);
        ModelSignature first = ModelSignature.Of(session);
        Assert.Same(first, ModelSignature.Of(session));
        Assert.Equal("x: float32 [p2o.DynamicDimension.0, 3, p2o.DynamicDimension.1, p2o.DynamicDimension.2]", first.Inputs[0].ToString());
    }
}
