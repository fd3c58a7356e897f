using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// <see cref="BatchedRunExtensions.RunWithBatchSizeLimit"/> on real sessions, every branch compared
/// element by element with one unbatched plain ONNX Runtime run: a static-batch-4 model against its
/// dynamic-batch twin (same weights), and the PP-OCRv4 detector.
/// </summary>
public sealed class BatchedRunExtensionsTests
{
    /// <summary>c = a + b, both [batch, 3].</summary>
    private static byte[] TwoInputs() => ModelBuilder.Build(
        new[] { ModelBuilder.Tensor("a", TensorElementType.Float, "batch", 3), ModelBuilder.Tensor("b", TensorElementType.Float, "batch", 3) },
        new[] { ModelBuilder.Tensor("c", TensorElementType.Float, "batch", 3) },
        new[] { ModelBuilder.Node("Add", new[] { "a", "b" }, new[] { "c" }) });

    private static void DisposeAll(IEnumerable<torch.Tensor> tensors)
    {
        foreach (torch.Tensor t in tensors) t.Dispose();
    }

    /// <summary>Runs the static model batched and compares with the dynamic twin's single plain run on the whole batch.</summary>
    private static void AssertStaticModelMatchesTwin(long rows, int? max, int? min, IReadOnlyDictionary<string, long[]>? shapes = null)
    {
        using InferenceSession staticSession = TestSessions.Open(ReadyModels.Projection(4));
        using InferenceSession dynamicSession = TestSessions.Open(ReadyModels.Projection("batch"));
        torch.manual_seed(rows);
        using torch.Tensor x = torch.randn(rows, 3);
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };

        IReadOnlyList<torch.Tensor> outputs = staticSession.RunWithBatchSizeLimit(inputs, shapes, max, min);
        try
        {
            Assert.Equal(new[] { rows, 2L }, outputs[0].shape);
            Reference.AssertSameOutputs(dynamicSession, inputs, outputs);
        }
        finally
        {
            DisposeAll(outputs);
        }
    }

    [Fact]
    public void StaticBatch4_BatchOf10_ThreeRunsLastPadded_MatchesOneUnbatchedRun() =>
        AssertStaticModelMatchesTwin(10, max: 4, min: 4);

    [Fact]
    public void StaticBatch4_BatchOf8_TwoFullRuns_MatchesOneUnbatchedRun() =>
        AssertStaticModelMatchesTwin(8, max: 4, min: 4);

    [Fact]
    public void StaticBatch4_BatchOf3_PaddedUpToMinInOneRun_MatchesOneUnbatchedRun() =>
        AssertStaticModelMatchesTwin(3, max: 4, min: 4);

    [Fact]
    public void StaticBatch4_BatchOf1_MinOnly_PaddedUpToMin_MatchesOneUnbatchedRun() =>
        AssertStaticModelMatchesTwin(1, max: null, min: 4);

    [Fact]
    public void StaticBatch4_BatchOf4_Fits_MatchesOneUnbatchedRun() =>
        AssertStaticModelMatchesTwin(4, max: 4, min: 4);

    [Fact]
    public void StaticBatch4_OutputShapesForTheWholeBatch_AdjustedPerRun() =>
        // The static output [4, 2] only accepts a pre-allocated shape of 4 rows: 10 would be refused by the runner.
        AssertStaticModelMatchesTwin(10, max: 4, min: 4, new Dictionary<string, long[]> { ["y"] = new long[] { 10, 2 } });

    [Fact]
    public void StaticBatch4_WithoutLimits_IsPlainRunViaIoBinding()
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Projection(4));
        using torch.Tensor x = torch.randn(4, 3);
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        IReadOnlyList<torch.Tensor> outputs = session.RunWithBatchSizeLimit(inputs);
        Reference.AssertSameOutputs(session, inputs, outputs);
        DisposeAll(outputs);

        using torch.Tensor ten = torch.randn(10, 3);
        Assert.Throws<OnnxInputException>(() => session.RunWithBatchSizeLimit(new Dictionary<string, torch.Tensor> { ["x"] = ten }));
    }

    [Theory]
    [InlineData(10, 4)]  // 4 + 4 + 2, no padding without a minimum
    [InlineData(10, 3)]  // 3 + 3 + 3 + 1
    [InlineData(6, 8)]   // fits: one run
    [InlineData(1, 1)]
    public void DynamicBatch_MaxOnly_MatchesOneUnbatchedRun(long rows, int max)
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Projection("batch"));
        torch.manual_seed(rows * 100 + max);
        using torch.Tensor x = torch.randn(rows, 3);
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        IReadOnlyList<torch.Tensor> outputs = session.RunWithBatchSizeLimit(inputs, maxBatchSize: max);
        Reference.AssertSameOutputs(session, inputs, outputs);
        DisposeAll(outputs);
    }

    [Fact]
    public void TwoInputs_SplitTogether_MatchOneUnbatchedRun()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        torch.manual_seed(11);
        using torch.Tensor a = torch.randn(7, 3);
        using torch.Tensor b = torch.randn(7, 3);
        var inputs = new Dictionary<string, torch.Tensor> { ["a"] = a, ["b"] = b };
        IReadOnlyList<torch.Tensor> outputs = session.RunWithBatchSizeLimit(inputs, maxBatchSize: 3, minBatchSize: 2);
        Reference.AssertSameOutputs(session, inputs, outputs);
        DisposeAll(outputs);
    }

    [Fact]
    public void TwoInputs_DifferentBatchSizes_NamesEachInputAndItsBatchSize()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        using torch.Tensor a = torch.randn(5, 3);
        using torch.Tensor b = torch.randn(3, 3);
        var error = Assert.Throws<OnnxInputException>(() =>
            session.RunWithBatchSizeLimit(new Dictionary<string, torch.Tensor> { ["a"] = a, ["b"] = b }, maxBatchSize: 2));
        Assert.Equal("b", error.InputName);
        Assert.Contains("'a' 5, 'b' 3", error.Message);
    }

    [Fact]
    public void TwoInputs_DifferentBatchSizes_AlsoAnErrorWhenTheBatchWouldFit()
    {
        using InferenceSession session = TestSessions.Open(TwoInputs());
        using torch.Tensor a = torch.randn(2, 3);
        using torch.Tensor b = torch.randn(1, 3);
        Assert.Throws<OnnxInputException>(() =>
            session.RunWithBatchSizeLimit(new Dictionary<string, torch.Tensor> { ["a"] = a, ["b"] = b }, maxBatchSize: 8));
    }

    [Theory]
    [InlineData(0, null, "maxBatchSize")]
    [InlineData(-1, 2, "maxBatchSize")]
    [InlineData(4, 0, "minBatchSize")]
    [InlineData(2, 3, "minBatchSize")]
    public void BadLimits_AreErrorsNamingTheParameter(int? max, int? min, string parameter)
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Projection("batch"));
        using torch.Tensor x = torch.randn(4, 3);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            session.RunWithBatchSizeLimit(new Dictionary<string, torch.Tensor> { ["x"] = x }, maxBatchSize: max, minBatchSize: min));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void OutputShapeNotForTheWholeBatch_IsAnErrorNamingTheOutput()
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Projection(4));
        using torch.Tensor x = torch.randn(10, 3);
        var error = Assert.Throws<OnnxOutputException>(() => session.RunWithBatchSizeLimit(
            new Dictionary<string, torch.Tensor> { ["x"] = x }, new Dictionary<string, long[]> { ["y"] = new long[] { 4, 2 } }, 4, 4));
        Assert.Contains("output 'y' is [4, 2]", error.Message);
        Assert.Contains("must be the batch size, 10", error.Message);
    }

    [Fact]
    public void SileroVad_ScalarInput_IsAnErrorNamingIt()
    {
        using var session = new InferenceSession(RepoModels.SileroVad);
        using torch.Tensor input = torch.zeros(3, 512);
        using torch.Tensor state = torch.zeros(2, 3, 128);
        using torch.Tensor sr = torch.tensor(16000L);
        var inputs = new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr };
        var error = Assert.Throws<OnnxInputException>(() => session.RunWithBatchSizeLimit(inputs, maxBatchSize: 2));
        Assert.Equal("sr", error.InputName);
        Assert.Contains("Input 'sr' is a scalar", error.Message);
    }

    [Fact]
    public void SileroVad_WithoutLimits_RunsAsRunViaIoBinding()
    {
        // Without limits nothing is split, so inputs with other leading dims (state [2, N, 128]) and scalars are fine.
        using var session = new InferenceSession(RepoModels.SileroVad);
        torch.manual_seed(5);
        using torch.Tensor input = torch.rand(3, 512) - 0.5;
        using torch.Tensor state = torch.zeros(2, 3, 128);
        using torch.Tensor sr = torch.tensor(16000L);
        var inputs = new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr };
        IReadOnlyList<torch.Tensor> outputs = session.RunWithBatchSizeLimit(inputs);
        Reference.AssertSameOutputs(session, inputs, outputs);
        DisposeAll(outputs);
    }

    [Theory]
    [InlineData(5, 2, null)]  // 2 + 2 + 1
    [InlineData(5, 2, 2)]     // 2 + 2 + (1 + 1 padding)
    [InlineData(3, 4, 4)]     // one run padded from 3 to 4
    [InlineData(3, 4, null)]  // fits
    public void PpOcrDetection_Batched_MatchesOneUnbatchedRun(long rows, int max, int? min)
    {
        using var session = new InferenceSession(RepoModels.PpOcrDet);
        torch.manual_seed(rows * 10 + max);
        using torch.Tensor x = torch.rand(rows, 3, 64, 64);
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        IReadOnlyList<torch.Tensor> outputs = session.RunWithBatchSizeLimit(inputs, maxBatchSize: max, minBatchSize: min);
        Assert.Equal(new[] { rows, 1L, 64L, 64L }, outputs[0].shape);
        Reference.AssertSameOutputs(session, inputs, outputs);
        DisposeAll(outputs);
    }

    [Fact]
    public void PpOcrDetection_OutputShapesForTheWholeBatch_PreAllocatedPerRun()
    {
        using var session = new InferenceSession(RepoModels.PpOcrDet);
        torch.manual_seed(21);
        using torch.Tensor x = torch.rand(5, 3, 64, 64);
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        var shapes = new Dictionary<string, long[]> { [session.OutputNames[0]] = new long[] { 5, 1, 64, 64 } };
        IReadOnlyList<torch.Tensor> outputs = session.RunWithBatchSizeLimit(inputs, shapes, maxBatchSize: 2, minBatchSize: 2);
        Assert.Equal(new long[] { 5, 1, 64, 64 }, outputs[0].shape);
        Reference.AssertSameOutputs(session, inputs, outputs);
        DisposeAll(outputs);
    }
}
