using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Runtime.Tests.MicroBatching.FrontEndCalls;

namespace OnnxTyped.Runtime.Tests.MicroBatching;

/// <summary>
/// Micro-batching on both front-ends and every entry point: concurrent requests joined into batches each get exactly
/// what plain ONNX Runtime computes for that request alone (bit for bit: the models here compute every row on its own,
/// see docs/micro-batching.md), whatever the batch axis; a request the batch cannot take fails alone.
/// </summary>
public sealed class MicroBatchingTests
{
    public static TheoryData<string, string> FrontEndsAndEntries()
    {
        var data = new TheoryData<string, string>();
        foreach (string frontEnd in FrontEnds)
            foreach (string entry in Entries) data.Add(frontEnd, entry);
        return data;
    }

    public static TheoryData<string> BothFrontEnds() => new() { Torch, Typed };

    internal static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    internal static float[][] Plain(InferenceSession session, params (string Name, TestInput Input)[] inputs)
    {
        var byName = inputs.ToDictionary(i => i.Name, i => i.Input.Values switch
        {
            float[] f => new PlainTensor(i.Input.Shape, TensorElementType.Float, MemoryMarshal.AsBytes(f.AsSpan()).ToArray()),
            long[] l => new PlainTensor(i.Input.Shape, TensorElementType.Int64, MemoryMarshal.AsBytes(l.AsSpan()).ToArray()),
            _ => throw new ArgumentException("float or long"),
        });
        return PlainOnnxRun.Outputs(session, byName).Select(o => MemoryMarshal.Cast<byte, float>(o.Bytes).ToArray()).ToArray();
    }

    // `workers` concurrent loops (dedicated threads, so blocking entry points block only their own), each running `body`.
    internal static Task Workers(int workers, Func<int, Task> body) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w =>
            Task.Factory.StartNew(() => body(w), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));

    [Theory]
    [MemberData(nameof(FrontEndsAndEntries))]
    public async Task EveryRequest_GetsWhatPlainRunGivesIt_Alone(string frontEnd, string entry)
    {
        byte[] mlp = ReadyModels.Mlp(64, 64, 10, seed: 42);
        using InferenceSession plain = TestSessions.Open(mlp);
        var model = new ModelSession(TestSessions.Open(mlp), ModelSignature.Of(plain));
        // Waiting MaxWait every time, so concurrent callers surely join (by default a batch may run as soon as nothing is on its way).
        model.EnableMicroBatching(new MicroBatchOptions { MaxBatchSize = 16, MaxWait = TimeSpan.FromMilliseconds(5), AlwaysWaitsMaxWait = true });
        await using var bound = new BoundSession(model);

        await Workers(12, async worker =>
        {
            for (int call = 0; call < 15; call++)
            {
                int rows = 1 + (worker + call) % 3;
                float[] x = Values(rows * 64, worker * 1000 + call);
                float[][] actual = await Call(frontEnd, entry, model, bound, new[] { TestInput.Floats(x, rows, 64) }, new[] { new long[] { rows, 10 } });
                float[][] expected = Plain(plain, ("x", TestInput.Floats(x, rows, 64)));
                Assert.Equal(expected[0], actual[0]);
            }
        });

        MicroBatchStatistics stats = model.MicroBatchStatistics!.Value;
        Assert.Equal(12 * 15, stats.Requests);
        Assert.True(stats.Batches < stats.Requests, $"12 concurrent callers formed no batch of two: {stats}");
        Assert.Equal(0, stats.SerialReruns);
    }

    [Theory]
    [MemberData(nameof(FrontEndsAndEntries))]
    public async Task SileroStreams_EachKeepItsOwnState_AcrossBatchedCalls(string frontEnd, string entry)
    {
        using var plain = new InferenceSession(RepoModels.SileroVad);
        var model = new ModelSession(new InferenceSession(RepoModels.SileroVad), ModelSignature.Of(plain));
        model.EnableMicroBatching(new MicroBatchOptions { MaxBatchSize = 8, MaxWait = TimeSpan.FromMilliseconds(5), MaxConcurrentBatches = 2, AlwaysWaitsMaxWait = true });
        await using var bound = new BoundSession(model);
        const int streams = 6, steps = 12;

        await Workers(streams, async stream =>
        {
            float[] state = new float[2 * 128], plainState = new float[2 * 128];
            for (int step = 0; step < steps; step++)
            {
                float[] audio = Values(512, stream * 100 + step).Select(v => v * 0.3f).ToArray();
                TestInput[] inputs = { TestInput.Floats(audio, 1, 512), TestInput.Floats(state, 2, 1, 128), TestInput.Longs(new long[] { 16000 }) };
                float[][] actual = await Call(frontEnd, entry, model, bound, inputs, new[] { new long[] { 1, 1 }, new long[] { 2, 1, 128 } });
                float[][] expected = Plain(plain, ("input", TestInput.Floats(audio, 1, 512)), ("state", TestInput.Floats(plainState, 2, 1, 128)),
                    ("sr", TestInput.Longs(new long[] { 16000 })));
                Assert.Equal(expected[0], actual[0]);
                Assert.Equal(expected[1], actual[1]);
                state = actual[1];
                plainState = expected[1];
            }
        });
        Assert.True(model.MicroBatchStatistics!.Value.Batches < streams * steps);
    }

    /// <summary>y[batch, 4] = x[batch, 4] · s: the scalar s has no batch axis, so only requests with the same s join.</summary>
    private static byte[] Scaled() => ModelBuilder.Build(
        new[] { ModelBuilder.Tensor("x", TensorElementType.Float, "batch", 4), ModelBuilder.Tensor("s", TensorElementType.Float) },
        new[] { ModelBuilder.Tensor("y", TensorElementType.Float, "batch", 4) },
        new[] { ModelBuilder.Node("Mul", new[] { "x", "s" }, new[] { "y" }) });

    [Theory]
    [MemberData(nameof(BothFrontEnds))]
    public async Task RequestsWithDifferentUnbatchedValues_NeverShareABatch(string frontEnd)
    {
        byte[] scaled = Scaled();
        using InferenceSession plain = TestSessions.Open(scaled);
        var model = new ModelSession(TestSessions.Open(scaled), ModelSignature.Of(plain));
        model.EnableMicroBatching(new MicroBatchOptions { MaxBatchSize = 32, MaxWait = TimeSpan.FromMilliseconds(5) });
        await using var bound = new BoundSession(model);

        await Workers(9, async worker =>
        {
            for (int call = 0; call < 10; call++)
            {
                float[] x = Values(4, worker * 31 + call), s = { 1 + worker % 3 };
                float[][] actual = await Call(frontEnd, RunAsync, model, bound, new[] { TestInput.Floats(x, 1, 4), TestInput.Floats(s) }, new[] { new long[] { 1, 4 } });
                Assert.Equal(x.Select(v => v * s[0]).ToArray(), actual[0]);
            }
        });
    }

    /// <summary>y[n, b] = x[n, b]: two symbolic dimensions could be the batch; named, it may be the second.</summary>
    private static byte[] TwoSymbolicDims() => ModelBuilder.Build(
        new[] { ModelBuilder.Tensor("x", TensorElementType.Float, "n", "b") },
        new[] { ModelBuilder.Tensor("y", TensorElementType.Float, "n", "b") },
        new[] { ModelBuilder.Node("Identity", new[] { "x" }, new[] { "y" }) });

    [Theory]
    [MemberData(nameof(BothFrontEnds))]
    public async Task ABatchAxisNamed_NotTheFirst_GathersAndScattersAlongIt(string frontEnd)
    {
        byte[] identity = TwoSymbolicDims();
        using InferenceSession plain = TestSessions.Open(identity);
        var ambiguous = new ModelSession(TestSessions.Open(identity), ModelSignature.Of(plain));
        var error = Assert.Throws<ArgumentException>(() => ambiguous.EnableMicroBatching(new MicroBatchOptions()));
        Assert.Contains("several symbolic dimensions could be the batch axis (n, b)", error.Message);
        ambiguous.Dispose();

        var model = new ModelSession(TestSessions.Open(identity), ModelSignature.Of(plain));
        // One worker that waits MaxWait: requests surely join, so rows are gathered and scattered along dimension 1.
        model.EnableMicroBatching(new MicroBatchOptions
        {
            BatchDim = "b", MaxBatchSize = 64, MaxWait = TimeSpan.FromMilliseconds(5), MaxConcurrentBatches = 1, AlwaysWaitsMaxWait = true,
        });
        Assert.Equal("b", model.MicroBatchDim);
        await using var bound = new BoundSession(model);
        await Workers(8, async worker =>
        {
            for (int call = 0; call < 10; call++)
            {
                int columns = 1 + (worker + call) % 4;
                float[] x = Values(3 * columns, worker * 17 + call);
                float[][] actual = await Call(frontEnd, worker % 2 == 0 ? RunAsync : RunIntoAsync, model, bound, new[] { TestInput.Floats(x, 3, columns) }, new[] { new long[] { 3, columns } });
                Assert.Equal(x, actual[0]);
            }
        });
        Assert.True(model.MicroBatchStatistics!.Value.Batches < 80);
    }

    [Theory]
    [MemberData(nameof(BothFrontEnds))]
    public async Task ABatchDimGivenAsAnIndex_BatchesAModelWhoseTensorsNameTheirBatchDifferently(string frontEnd)
    {
        using var plain = new InferenceSession(RepoModels.PpOcrCls);
        var model = new ModelSession(new InferenceSession(RepoModels.PpOcrCls), ModelSignature.Of(plain));
        var unnamed = Assert.Throws<ArgumentException>(() => model.EnableMicroBatching(new MicroBatchOptions()));
        Assert.Contains("give BatchDim as a dimension index", unnamed.Message);
        model.EnableMicroBatching(new MicroBatchOptions { BatchDim = "0", MaxBatchSize = 4, MaxWait = TimeSpan.FromMilliseconds(200), AlwaysWaitsMaxWait = true });
        await using var bound = new BoundSession(model);
        await Workers(4, async worker =>
        {
            float[] image = Values(3 * 48 * 192, 900 + worker);
            float[][] actual = await Call(frontEnd, RunAsync, model, bound, new[] { TestInput.Floats(image, 1, 3, 48, 192) }, new[] { new long[] { 1, 2 } });
            Assert.Equal(Plain(plain, ("x", TestInput.Floats(image, 1, 3, 48, 192)))[0], actual[0]);
        });
        Assert.True(model.MicroBatchStatistics!.Value.Batches < 4);
    }

    [Fact]
    public void AModelWithoutABatchAxis_IsRefusedWithTheReason()
    {
        byte[] fixedBatch = ReadyModels.Projection(4);
        using var model = new ModelSession(TestSessions.Open(fixedBatch), ModelSignature.Of(TestSessions.Open(fixedBatch)));
        var error = Assert.Throws<ArgumentException>(() => model.EnableMicroBatching(new MicroBatchOptions()));
        Assert.Contains("cannot be micro-batched: no symbolic dimension is declared by every output and by an input", error.Message);
        Assert.False(model.MicroBatches);
        var named = Assert.Throws<ArgumentException>(() => model.EnableMicroBatching(new MicroBatchOptions { BatchDim = "batch" }));
        Assert.Contains("BatchDim 'batch' is not a batch axis of the model", named.Message);
    }

    [Theory]
    [InlineData(0, 2, 1)]
    [InlineData(4, -1, 1)]
    [InlineData(4, 2, 0)]
    public void OptionsOutOfRange_AreRefusedByName(int maxBatch, int waitMs, int maxQueue)
    {
        var options = new MicroBatchOptions { MaxBatchSize = maxBatch, MaxWait = TimeSpan.FromMilliseconds(waitMs), MaxQueueLength = maxQueue };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());
        Assert.Equal(maxBatch < 1 ? "MaxBatchSize" : waitMs < 0 ? "MaxWait" : "MaxQueueLength", error.ParamName);
    }

    /// <summary>y[batch, 2] = table[idx]: an index past the table fails the run in ONNX Runtime.</summary>
    internal static byte[] Lookup() => ModelBuilder.Build(
        new[] { ModelBuilder.Tensor("idx", TensorElementType.Int64, "batch") },
        new[] { ModelBuilder.Tensor("y", TensorElementType.Float, "batch", 2) },
        new[] { ModelBuilder.Node("Gather", new[] { "table", "idx" }, new[] { "y" }) },
        new[] { ModelBuilder.FloatTensor("table", new long[] { 5, 2 }, 0f, 1f, 10f, 11f, 20f, 21f, 30f, 31f, 40f, 41f) });

    [Theory]
    [MemberData(nameof(FrontEndsAndEntries))]
    public async Task ABatchOnnxRuntimeFails_IsRerunOneByOne_AndOnlyTheGuiltyRequestFails(string frontEnd, string entry)
    {
        byte[] lookup = Lookup();
        var model = new ModelSession(TestSessions.Open(lookup), ModelSignature.Of(TestSessions.Open(lookup)));
        // Long enough for all nine to join one batch, which the bad index fails.
        model.EnableMicroBatching(new MicroBatchOptions { MaxBatchSize = 9, MaxWait = TimeSpan.FromSeconds(2), AlwaysWaitsMaxWait = true });
        await using var bound = new BoundSession(model);

        var outcomes = new Exception?[9];
        await Workers(9, async worker =>
        {
            long index = worker == 4 ? 99 : worker % 5;
            try
            {
                float[][] actual = await Call(frontEnd, entry, model, bound, new[] { TestInput.Longs(new[] { index }, 1) }, new[] { new long[] { 1, 2 } });
                Assert.Equal(new[] { index * 10f, index * 10f + 1 }, actual[0]);
            }
            catch (Exception e)
            {
                outcomes[worker] = e;
            }
        });

        Assert.All(outcomes.Where((_, w) => w != 4), outcome => Assert.Null(outcome));
        Assert.IsType<OnnxRuntimeException>(outcomes[4]);
        MicroBatchStatistics stats = model.MicroBatchStatistics!.Value;
        Assert.Equal(1, stats.SerialReruns);
        Assert.Equal(9, stats.Requests);
    }

    [Theory]
    [MemberData(nameof(FrontEndsAndEntries))]
    public async Task ABadRequest_FailsBeforeItJoins_AndTheOthersRun(string frontEnd, string entry)
    {
        await using MicroBatchedModel mb = MicroBatchedModel.SmallMlp(new MicroBatchOptions { MaxBatchSize = 8, MaxWait = TimeSpan.FromMilliseconds(20) });
        ModelSession model = mb.Model;
        BoundSession bound = mb.Bound;
        InferenceSession plain = mb.Plain;

        var outcomes = new Exception?[6];
        await Workers(6, async worker =>
        {
            int width = worker == 2 ? 7 : 8;
            float[] x = Values(width, worker);
            try
            {
                float[][] actual = await Call(frontEnd, entry, model, bound, new[] { TestInput.Floats(x, 1, width) }, new[] { new long[] { 1, 4 } });
                Assert.Equal(Plain(plain, ("x", TestInput.Floats(x, 1, 8)))[0], actual[0]);
            }
            catch (Exception e)
            {
                outcomes[worker] = e;
            }
        });
        var bad = Assert.IsType<OnnxInputException>(outcomes[2]);
        Assert.Equal("x", bad.InputName);
        Assert.All(outcomes.Where((_, w) => w != 2), outcome => Assert.Null(outcome));
        Assert.Equal(5, model.MicroBatchStatistics!.Value.Requests);
    }

    [Theory]
    [MemberData(nameof(BothFrontEnds))]
    public async Task AnOutputOfTheWrongShape_FailsThatRequestOnly(string frontEnd)
    {
        using var plain = new InferenceSession(RepoModels.SileroVad);
        var model = new ModelSession(new InferenceSession(RepoModels.SileroVad), ModelSignature.Of(plain));
        model.EnableMicroBatching(new MicroBatchOptions { MaxBatchSize = 3, MaxWait = TimeSpan.FromSeconds(2) });
        await using var bound = new BoundSession(model);
        var outcomes = new Exception?[3];
        await Workers(3, async worker =>
        {
            // stateN is [2, batch, 128] at run time but declared [?, batch, ?]: a wrong size shows only after the run.
            long[] stateN = worker == 1 ? new long[] { 2, 1, 64 } : new long[] { 2, 1, 128 };
            TestInput[] inputs = { TestInput.Floats(Values(512, worker), 1, 512), TestInput.Floats(new float[256], 2, 1, 128), TestInput.Longs(new long[] { 16000 }) };
            try
            {
                await Call(frontEnd, RunIntoAsync, model, bound, inputs, new[] { new long[] { 1, 1 }, stateN });
            }
            catch (Exception e)
            {
                outcomes[worker] = e;
            }
        });
        var error = Assert.IsType<OnnxOutputException>(outcomes[1]);
        Assert.Equal("stateN", error.OutputName);
        Assert.Contains("has shape [2, 1, 64], but for these inputs the model writes [2, 1, 128]", error.Message);
        Assert.Null(outcomes[0]);
        Assert.Null(outcomes[2]);
    }
}
