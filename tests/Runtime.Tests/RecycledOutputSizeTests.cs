using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// A recycled output block serves only an output of its own size: when the batch changes, the runner frees the idle
/// block and allocates one of the new size (a block kept whatever its size is a heap overflow on a larger output).
/// Counted with the process-wide <see cref="NativeLedger.BlocksAllocated"/>, so it runs apart from other tests;
/// the sequence starts with its largest batch, so a kept block is never overrun here (tests/CrashCases
/// "recycled-output-grows" runs the growing order in a child process).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class RecycledOutputSizeTests
{
    private static readonly ModelSignature Projection = new(
        new[] { new TensorSignature("x", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(3)) },
        new[] { new TensorSignature("y", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(2)) });

    [Fact]
    public void ABatchOfAnotherSize_GetsABlockOfItsOwnSize_AndTheRunsEqualPlainRun()
    {
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Projection("batch")), Projection);
        long[] batches = { 4096, 1, 2048, 2048, 1, 4096 };
        torch.manual_seed(11);
        long previous = -1;
        foreach (long batch in batches)
        {
            using torch.Tensor x = torch.rand(batch, 3) - 0.5;
            long before = NativeLedger.BlocksAllocated;
            torch.Tensor[] outputs = bound.Run(new[] { x });
            long allocated = NativeLedger.BlocksAllocated - before;
            Reference.AssertSameOutputs(bound.Session, new Dictionary<string, torch.Tensor> { ["x"] = x }, outputs);
            outputs[0].Dispose();   // the block goes back to the runner before the next call
            // A new size needs a new block; the same size reuses the one just given back.
            Assert.True(allocated == (batch == previous ? 0 : 1), $"batch {batch} after {previous}: {allocated} block(s) allocated");
            previous = batch;
        }
    }
}
