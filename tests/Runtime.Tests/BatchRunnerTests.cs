using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// <see cref="BatchRunner"/>, the TorchSharp front-end's chunk runner (under RunWithBatchSizeLimit and generated
/// classes), with a stand-in for the model (y = 10·x + row index within the run, so padding
/// and chunk boundaries show in the values): what each run receives, what comes back, and that every
/// intermediate tensor is disposed.
/// </summary>
public sealed class BatchRunnerTests
{
    private static readonly string[] InputNames = { "x", "z" };
    private static readonly string[] OutputNames = { "y", "sum" };

    private sealed class FakeModel
    {
        public List<long[]> ChunkShapes { get; } = new();
        public List<torch.Tensor> Received { get; } = new();
        public List<float[]> ReceivedValues { get; } = new();

        public torch.Tensor[] Run(torch.Tensor[] inputs)
        {
            ChunkShapes.Add(inputs[0].shape);
            Received.AddRange(inputs);
            ReceivedValues.Add(inputs[0].data<float>().ToArray());
            long rows = inputs[0].shape[0];
            using torch.Tensor index = torch.arange(rows, torch.float32).unsqueeze(1);
            using torch.Tensor scaled = inputs[0] * 10;
            return new[] { scaled + index, inputs[1].sum(1, keepdim: true) };
        }
    }

    // The batching core as BoundSession calls it: the inputs' shapes come already checked, and each chunk's run size is given.
    private static torch.Tensor[] RunBatched(Func<torch.Tensor[], torch.Tensor[]> model, torch.Tensor[] inputs, int? max, int? min) =>
        BatchRunner.Run((chunk, _) => model(chunk), inputs, inputs.Select(i => i.shape).ToArray(), InputNames, OutputNames, max, min);

    private static (torch.Tensor X, torch.Tensor Z) Inputs(long rows)
    {
        torch.Tensor x = torch.arange(1, rows + 1, torch.float32).unsqueeze(1).expand(rows, 2).contiguous();
        torch.Tensor z = torch.ones(rows, 3, torch.int64);
        return (x, z);
    }

    [Fact]
    public void BatchThatFits_OneCallOnTheCallersTensors_ResultsReturnedAsIs()
    {
        var model = new FakeModel();
        (torch.Tensor x, torch.Tensor z) = Inputs(4);
        using (x)
        using (z)
        {
            torch.Tensor[] outputs = RunBatched(model.Run, new[] { x, z }, 4, 2);
            Assert.Single(model.ChunkShapes);
            Assert.Same(x, model.Received[0]);
            Assert.Same(z, model.Received[1]);
            Assert.False(x.IsInvalid);
            Assert.Equal(new float[] { 10, 10, 21, 21, 32, 32, 43, 43 }, outputs[0].data<float>().ToArray());
            foreach (torch.Tensor o in outputs) o.Dispose();
        }
    }

    [Fact]
    public void Split_EachChunkGetsItsRows_LastPadded_OutputsConcatenatedWithoutPadding()
    {
        var model = new FakeModel();
        (torch.Tensor x, torch.Tensor z) = Inputs(5);
        using (x)
        using (z)
        {
            torch.Tensor[] outputs = RunBatched(model.Run, new[] { x, z }, 2, 2);
            Assert.Equal(new[] { new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 2, 2 } }, model.ChunkShapes);
            Assert.Equal(new float[] { 1, 1, 2, 2 }, model.ReceivedValues[0]);
            Assert.Equal(new float[] { 3, 3, 4, 4 }, model.ReceivedValues[1]);
            Assert.Equal(new float[] { 5, 5, 0, 0 }, model.ReceivedValues[2]); // one zero row of padding
            // Row index restarts per run: 10·x + (0 or 1).
            Assert.Equal(new long[] { 5, 2 }, outputs[0].shape);
            Assert.Equal(new float[] { 10, 10, 21, 21, 30, 30, 41, 41, 50, 50 }, outputs[0].data<float>().ToArray());
            Assert.Equal(new long[] { 5, 1 }, outputs[1].shape);
            Assert.Equal(torch.int64, outputs[1].dtype);
            Assert.All(outputs[1].data<long>().ToArray(), v => Assert.Equal(3L, v));
            foreach (torch.Tensor o in outputs) o.Dispose();
        }
    }

    [Fact]
    public void Split_EveryChunkInputIsDisposed_CallersInputsAreNot()
    {
        var model = new FakeModel();
        (torch.Tensor x, torch.Tensor z) = Inputs(7);
        using (x)
        using (z)
        {
            torch.Tensor[] outputs = RunBatched(model.Run, new[] { x, z }, 3, 3);
            Assert.Equal(6, model.Received.Count);
            Assert.All(model.Received, t => Assert.True(t.IsInvalid));
            Assert.False(x.IsInvalid);
            Assert.False(z.IsInvalid);
            Assert.Equal(new long[] { 7, 2 }, outputs[0].shape);
            foreach (torch.Tensor o in outputs) o.Dispose();
        }
    }

    [Fact]
    public void SmallerThanMin_OnePaddedCall_PaddingDropped()
    {
        var model = new FakeModel();
        (torch.Tensor x, torch.Tensor z) = Inputs(1);
        using (x)
        using (z)
        {
            torch.Tensor[] outputs = RunBatched(model.Run, new[] { x, z }, null, 3);
            Assert.Equal(new[] { new long[] { 3, 2 } }, model.ChunkShapes);
            Assert.Equal(new float[] { 1, 1, 0, 0, 0, 0 }, model.ReceivedValues[0]);
            Assert.Equal(new float[] { 10, 10 }, outputs[0].data<float>().ToArray());
            foreach (torch.Tensor o in outputs) o.Dispose();
        }
    }

    [Fact]
    public void ChunkFailure_PropagatesAndDisposesWhatWasMade()
    {
        var received = new List<torch.Tensor>();
        int calls = 0;
        torch.Tensor[] Failing(torch.Tensor[] inputs)
        {
            received.AddRange(inputs);
            if (++calls == 2) throw new InvalidOperationException("model failed");
            return new[] { inputs[0] * 1, inputs[1] * 1 };
        }
        (torch.Tensor x, torch.Tensor z) = Inputs(6);
        using (x)
        using (z)
        {
            var error = Assert.Throws<InvalidOperationException>(() => RunBatched(Failing, new[] { x, z }, 2, null));
            Assert.Equal("model failed", error.Message);
            Assert.All(received, t => Assert.True(t.IsInvalid));
        }
    }

    [Fact]
    public void OutputNotBatchedAlongDimZero_IsAnErrorNamingTheOutput()
    {
        torch.Tensor[] Unbatched(torch.Tensor[] inputs) => new[] { inputs[0] * 1, torch.zeros(7) };
        (torch.Tensor x, torch.Tensor z) = Inputs(4);
        using (x)
        using (z)
        {
            var error = Assert.Throws<InvalidOperationException>(() => RunBatched(Unbatched, new[] { x, z }, 2, null));
            Assert.Contains("Output 'sum' has shape [7] for a chunk of 2 rows", error.Message);
        }
    }

    [Fact]
    public void DifferentBatchSizes_ErrorBeforeAnyRun()
    {
        var model = new FakeModel();
        using torch.Tensor x = torch.zeros(4, 2);
        using torch.Tensor z = torch.zeros(3, 3, torch.int64);
        var error = Assert.Throws<OnnxInputException>(() => RunBatched(model.Run, new[] { x, z }, 2, null));
        Assert.Contains("'x' 4, 'z' 3", error.Message);
        Assert.Empty(model.ChunkShapes);
    }
}
