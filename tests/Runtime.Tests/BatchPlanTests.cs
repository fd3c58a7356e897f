using System;
using System.Linq;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary><see cref="BatchPlan"/>, the core's batching rules on numbers: chunk boundaries, padding amounts, and the limit and input errors.</summary>
public sealed class BatchPlanTests
{
    private static (long Start, long Rows, long Padding)[] Chunks(BatchPlan plan) =>
        plan.Chunks.Select(c => (c.Start, c.Rows, c.Padding)).ToArray();

    [Theory]
    [InlineData(10, null, null)]
    [InlineData(0, null, null)]
    [InlineData(8, 8, null)]
    [InlineData(3, 8, null)]
    [InlineData(0, 4, null)]
    [InlineData(4, 4, 4)]
    [InlineData(6, 8, 4)]
    [InlineData(7, null, 4)]
    public void BatchThatFits_RunsUnchangedInOneCall(long batch, int? max, int? min)
    {
        BatchPlan plan = BatchPlan.Create(batch, max, min);
        Assert.True(plan.IsPassThrough);
        Assert.Equal(new[] { (0L, batch, 0L) }, Chunks(plan));
    }

    [Fact]
    public void LargerThanMax_ChunksOfMax_LastOneShorter()
    {
        BatchPlan plan = BatchPlan.Create(10, 4, null);
        Assert.False(plan.IsPassThrough);
        Assert.Equal(new[] { (0L, 4L, 0L), (4L, 4L, 0L), (8L, 2L, 0L) }, Chunks(plan));
    }

    [Fact]
    public void LargerThanMax_DividesEvenly_NoPadding()
    {
        Assert.Equal(new[] { (0L, 3L, 0L), (3L, 3L, 0L), (6L, 3L, 0L) }, Chunks(BatchPlan.Create(9, 3, 2)));
    }

    [Fact]
    public void StaticBatch_MaxEqualsMin_LastChunkPaddedUpToMin()
    {
        Assert.Equal(new[] { (0L, 4L, 0L), (4L, 4L, 0L), (8L, 2L, 2L) }, Chunks(BatchPlan.Create(10, 4, 4)));
    }

    [Fact]
    public void MinBelowMax_LastChunkPaddedOnlyUpToMin()
    {
        Assert.Equal(new[] { (0L, 4L, 0L), (4L, 1L, 1L) }, Chunks(BatchPlan.Create(5, 4, 2)));
        Assert.Equal(new[] { (0L, 4L, 0L), (4L, 3L, 0L) }, Chunks(BatchPlan.Create(7, 4, 2)));
    }

    [Fact]
    public void SmallerThanMin_WithinMax_OneCallPaddedUpToMin()
    {
        BatchPlan plan = BatchPlan.Create(3, 4, 4);
        Assert.False(plan.IsPassThrough);
        Assert.Equal(new[] { (0L, 3L, 1L) }, Chunks(plan));
        Assert.Equal(4, plan.Chunks[0].RunSize);
    }

    [Fact]
    public void SmallerThanMin_WithoutMax_OneCallPaddedUpToMin() =>
        Assert.Equal(new[] { (0L, 2L, 3L) }, Chunks(BatchPlan.Create(2, null, 5)));

    [Fact]
    public void EmptyBatch_WithMin_OneCallOfOnlyPadding() =>
        Assert.Equal(new[] { (0L, 0L, 4L) }, Chunks(BatchPlan.Create(0, 4, 4)));

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void MaxBelowOne_IsAnError(int max)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BatchPlan.Create(5, max, null));
        Assert.Equal("maxBatchSize", error.ParamName);
        Assert.Contains($"maxBatchSize must be at least 1, got {max}", error.Message);
    }

    [Fact]
    public void MinBelowOne_IsAnError()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BatchPlan.Create(5, 4, 0));
        Assert.Equal("minBatchSize", error.ParamName);
    }

    [Fact]
    public void MinAboveMax_IsAnErrorNamingBoth()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BatchPlan.Create(5, 4, 6));
        Assert.Equal("minBatchSize", error.ParamName);
        Assert.Contains("minBatchSize (6) is greater than maxBatchSize (4)", error.Message);
    }

    [Fact]
    public void CommonBatchSize_SameDimensionZero() =>
        Assert.Equal(7, BatchPlan.CommonBatchSize(new[] { "a", "b" }, new[] { new long[] { 7, 3 }, new long[] { 7 } }));

    [Fact]
    public void CommonBatchSize_Different_NamesEveryInputAndItsBatchSize()
    {
        var error = Assert.Throws<OnnxInputException>(() =>
            BatchPlan.CommonBatchSize(new[] { "a", "b", "c" }, new[] { new long[] { 5, 3 }, new long[] { 5, 3 }, new long[] { 2, 3 } }));
        Assert.Equal("c", error.InputName);
        Assert.Equal("5", error.Expected);
        Assert.Equal("2", error.Actual);
        Assert.Contains("'a' 5, 'b' 5, 'c' 2", error.Message);
    }

    [Fact]
    public void CommonBatchSize_Scalar_NamesTheInput()
    {
        var error = Assert.Throws<OnnxInputException>(() =>
            BatchPlan.CommonBatchSize(new[] { "x", "sr" }, new[] { new long[] { 5, 3 }, Array.Empty<long>() }));
        Assert.Equal("sr", error.InputName);
        Assert.Contains("Input 'sr' is a scalar", error.Message);
        Assert.Contains("'x' 5, 'sr' scalar", error.Message);
    }
}
