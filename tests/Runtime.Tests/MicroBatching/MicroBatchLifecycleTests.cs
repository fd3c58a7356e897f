using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Runtime.Tests.MicroBatching.FrontEndCalls;
using static OnnxTyped.Runtime.Tests.MicroBatching.MicroBatchingTests;

namespace OnnxTyped.Runtime.Tests.MicroBatching;

/// <summary>
/// A call's life around the queue on both front-ends: cancelled while queued or while running on its own, refused or
/// waiting when the queue is full, drained or refused on Dispose. Every call ends (no test waits without a bound), and
/// the model serves correct answers afterwards.
/// </summary>
public sealed class MicroBatchLifecycleTests
{
    /// <summary>y[batch, 512] = x · w 150 times over: seconds for 8192 rows on one thread, milliseconds for one.</summary>
    private static byte[] Slow()
    {
        var nodes = Enumerable.Range(0, 150).Select(n =>
            ModelBuilder.Node("MatMul", new[] { n == 0 ? "x" : "h" + (n - 1), "w" }, new[] { n == 149 ? "y" : "h" + n })).ToArray();
        float[] w = Enumerable.Range(0, 512 * 512).Select(i => i % 513 == 0 ? 1f : 0f).ToArray(); // the identity
        return ModelBuilder.Build(
            new[] { ModelBuilder.Tensor("x", TensorElementType.Float, "batch", 512) },
            new[] { ModelBuilder.Tensor("y", TensorElementType.Float, "batch", 512) },
            nodes, new[] { ModelBuilder.FloatTensor("w", new long[] { 512, 512 }, w) });
    }

    private static readonly Lazy<byte[]> SlowModel = new(Slow);

    private static async Task<T> Within<T>(Task<T> task, int seconds = 30)
    {
        if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds))) != task) throw new TimeoutException("The call did not end.");
        return await task;
    }

    private static async Task Within(Task task, int seconds = 30)
    {
        if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds))) != task) throw new TimeoutException("The call did not end.");
        await task;
    }

    /// <summary>Each front-end with a flag the test names (batched or not, disposed async or not).</summary>
    public static TheoryData<string, bool> FrontEndsAndFlags()
    {
        var data = new TheoryData<string, bool>();
        foreach (string frontEnd in FrontEnds)
        {
            data.Add(frontEnd, true);
            data.Add(frontEnd, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FrontEndsAndFlags))]
    public async Task CancellingARunOfItsOwn_StopsIt_AndTheModelStaysUsable(string frontEnd, bool batched)
    {
        using InferenceSession plain = TestSessions.Open(SlowModel.Value);
        var model = new ModelSession(TestSessions.Open(SlowModel.Value), ModelSignature.Of(plain));
        if (batched) model.EnableMicroBatching(new MicroBatchOptions { MaxWait = TimeSpan.Zero });
        await using var bound = new BoundSession(model);

        // A run of about ten seconds (8192 rows through 150 MatMuls, 640 GFLOP), cancelled 1.5 s after it was called (time
        // enough to make a torch tensor of 16 MB and gather it): ONNX Runtime stops it between two nodes (its message says
        // so, not the check before a run). Nothing here waits for the whole run.
        float[] big = Values(8192 * 512, 1);
        TestInput[] bigInput = { TestInput.Floats(big, 8192, 512) };
        long[][] bigOutput = { new long[] { 8192, 512 } };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        Task<float[][]> call = Task.Run(() => Call(frontEnd, RunAsync, model, bound, bigInput, bigOutput, cancel.Token));
        var stopped = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(call, 120));
        Assert.Contains("ONNX Runtime stopped it", stopped.Message);
        Assert.Equal(cancel.Token, stopped.CancellationToken);

        float[] x = Values(512, 2);
        float[][] after = await Within(Call(frontEnd, RunAsync, model, bound, new[] { TestInput.Floats(x, 1, 512) }, new[] { new long[] { 1, 512 } }));
        Assert.Equal(Plain(plain, ("x", TestInput.Floats(x, 1, 512)))[0], after[0]);
    }

    [Theory]
    [MemberData(nameof(BothFrontEnds), MemberType = typeof(MicroBatchingTests))]
    public async Task CancellingAQueuedRequest_TakesItOut_BeforeItsBatchWouldRun(string frontEnd)
    {
        await using MicroBatchedModel mb = MicroBatchedModel.SmallMlp(new MicroBatchOptions { MaxBatchSize = 4, MaxWait = TimeSpan.FromSeconds(8), AlwaysWaitsMaxWait = true });
        ModelSession model = mb.Model;
        BoundSession bound = mb.Bound;
        InferenceSession plain = mb.Plain;

        using var cancel = new CancellationTokenSource();
        Task<float[][]> queued = Call(frontEnd, RunIntoAsync, model, bound, new[] { TestInput.Floats(Values(8, 1), 1, 8) }, new[] { new long[] { 1, 4 } }, cancel.Token);
        await Task.Delay(50);
        Assert.False(queued.IsCompleted);
        var watch = Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(queued, 4));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4));
        Assert.Equal(1, model.MicroBatchStatistics!.Value.Cancelled);
        Assert.Equal(0, model.MicroBatchStatistics!.Value.Batches);

        // Four requests fill a batch, which runs at once (within 6 s, less than MaxWait), shared out between the two workers.
        await Within(Workers(4, async worker =>
        {
            float[] x = Values(8, 10 + worker);
            float[][] actual = await Call(frontEnd, RunAsync, model, bound, new[] { TestInput.Floats(x, 1, 8) }, new[] { new long[] { 1, 4 } });
            Assert.Equal(Plain(plain, ("x", TestInput.Floats(x, 1, 8)))[0], actual[0]);
        }), 6);
        Assert.Equal(4, model.MicroBatchStatistics!.Value.Rows);
    }

    [Theory]
    [MemberData(nameof(FrontEndsAndEntries), MemberType = typeof(MicroBatchingTests))]
    public async Task ALoneCaller_IsAnsweredAtOnce_NotAfterMaxWait(string frontEnd, string entry)
    {
        await using MicroBatchedModel mb = MicroBatchedModel.SmallMlp(new MicroBatchOptions { MaxBatchSize = 64, MaxWait = TimeSpan.FromSeconds(8) });
        ModelSession model = mb.Model;
        BoundSession bound = mb.Bound;
        InferenceSession plain = mb.Plain;
        // Ten calls one after the other: nothing else is on its way, so none waits MaxWait (eighty seconds in all).
        await Within(Task.Run(async () =>
        {
            for (int call = 0; call < 10; call++)
            {
                float[] x = Values(8, 60 + call);
                float[][] actual = await Call(frontEnd, entry, model, bound, new[] { TestInput.Floats(x, 1, 8) }, new[] { new long[] { 1, 4 } });
                Assert.Equal(Plain(plain, ("x", TestInput.Floats(x, 1, 8)))[0], actual[0]);
            }
        }), 6);
        Assert.Equal(10, model.MicroBatchStatistics!.Value.Batches);
    }

    [Theory]
    [MemberData(nameof(BothFrontEnds), MemberType = typeof(MicroBatchingTests))]
    public async Task AFullBatch_IsSharedWithAnIdleWorker(string frontEnd)
    {
        // Nothing runs before 64 rows are queued; then the worker that takes them leaves half to the idle one.
        await using MicroBatchedModel mb = MicroBatchedModel.SmallMlp(new MicroBatchOptions { MaxBatchSize = 64, MaxWait = TimeSpan.FromSeconds(8), AlwaysWaitsMaxWait = true, MaxConcurrentBatches = 2 });
        ModelSession model = mb.Model;
        BoundSession bound = mb.Bound;
        InferenceSession plain = mb.Plain;
        await Within(Workers(4, async worker =>
        {
            float[] x = Values(16 * 8, 70 + worker);
            float[][] actual = await Call(frontEnd, RunAsync, model, bound, new[] { TestInput.Floats(x, 16, 8) }, new[] { new long[] { 16, 4 } });
            Assert.Equal(Plain(plain, ("x", TestInput.Floats(x, 16, 8)))[0], actual[0]);
        }), 6);
        // Half to each (a worker back from its half may share the other half again: 32 + 16 + 16).
        MicroBatchStatistics stats = model.MicroBatchStatistics!.Value;
        Assert.InRange(stats.Batches, 2, 4);
        Assert.Equal(32, stats.LargestBatch);
    }

    [Theory]
    [MemberData(nameof(BothFrontEnds), MemberType = typeof(MicroBatchingTests))]
    public async Task AFullQueue_RefusesOrWaits_AsConfigured(string frontEnd)
    {
        foreach (QueueFullMode mode in new[] { QueueFullMode.Throw, QueueFullMode.Wait })
        {
            await using MicroBatchedModel mb = MicroBatchedModel.SmallMlp(
                new MicroBatchOptions { MaxBatchSize = 64, MaxWait = TimeSpan.FromSeconds(8), MaxQueueLength = 2, WhenQueueFull = mode, AlwaysWaitsMaxWait = true });
            ModelSession model = mb.Model;
            BoundSession bound = mb.Bound;
            using var cancelQueued = new CancellationTokenSource();
            using var cancelThird = new CancellationTokenSource();
            TestInput[] input = { TestInput.Floats(Values(8, 3), 1, 8) };
            long[][] shapes = { new long[] { 1, 4 } };
            Task<float[][]> first = Call(frontEnd, RunAsync, model, bound, input, shapes, cancelQueued.Token);
            Task<float[][]> second = Call(frontEnd, RunIntoAsync, model, bound, input, shapes, cancelQueued.Token);
            Task<float[][]> third = Call(frontEnd, RunAsync, model, bound, input, shapes, cancelThird.Token);
            if (mode == QueueFullMode.Throw)
            {
                var full = await Assert.ThrowsAsync<OnnxQueueFullException>(() => Within(third));
                Assert.Equal(2, full.MaxQueueLength);
                Assert.Equal(1, model.MicroBatchStatistics!.Value.Rejected);
            }
            else
            {
                await Task.Delay(50);
                Assert.False(third.IsCompleted);
                cancelThird.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(third, 4));
            }
            Assert.Equal(2, model.MicroBatchStatistics!.Value.QueueLength);
            cancelQueued.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(first, 4));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(second, 4));
            Assert.Equal(0, model.MicroBatchStatistics!.Value.QueueLength);
        }
    }

    [Theory]
    [MemberData(nameof(FrontEndsAndFlags))]
    public async Task Dispose_RunsWhatIsQueued_ThenRefusesCalls(string frontEnd, bool disposeAsync)
    {
        // Disposed by the test itself (the plain session with it, at the end).
        await using MicroBatchedModel mb = MicroBatchedModel.SmallMlp(new MicroBatchOptions { MaxBatchSize = 64, MaxWait = TimeSpan.FromSeconds(8), AlwaysWaitsMaxWait = true });
        ModelSession model = mb.Model;
        BoundSession bound = mb.Bound;
        InferenceSession plain = mb.Plain;
        float[] x = Values(8, 5);
        Task<float[][]> queued = Call(frontEnd, RunAsync, model, bound, new[] { TestInput.Floats(x, 1, 8) }, new[] { new long[] { 1, 4 } });
        await Task.Delay(30);
        Assert.False(queued.IsCompleted);

        // Dispose blocks until the queue is drained; DisposeAsync waits without blocking. Either way the queued call runs.
        await Within(disposeAsync ? bound.DisposeAsync().AsTask() : Task.Run(bound.Dispose), 4);
        Assert.Equal(Plain(plain, ("x", TestInput.Floats(x, 1, 8)))[0], (await queued)[0]);
        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            Call(frontEnd, RunAsync, model, bound, new[] { TestInput.Floats(x, 1, 8) }, new[] { new long[] { 1, 4 } }));
    }

    [Theory]
    [MemberData(nameof(FrontEndsAndEntries), MemberType = typeof(MicroBatchingTests))]
    public async Task DisposeUnderLoad_EndsEveryCall_WithItsResultOrObjectDisposed(string frontEnd, string entry)
    {
        // Disposed by the test itself (the plain session with it, at the end).
        await using MicroBatchedModel mb = MicroBatchedModel.SmallMlp(new MicroBatchOptions { MaxBatchSize = 8, MaxWait = TimeSpan.FromMilliseconds(1) });
        ModelSession model = mb.Model;
        BoundSession bound = mb.Bound;
        InferenceSession plain = mb.Plain;
        float[][] xs = Enumerable.Range(0, 4).Select(i => Values(8, 40 + i)).ToArray();
        float[][] expected = xs.Select(x => Plain(plain, ("x", TestInput.Floats(x, 1, 8)))[0]).ToArray();
        int succeeded = 0;

        Task load = Workers(8, async worker =>
        {
            for (int call = 0; ; call++)
            {
                float[] x = xs[(worker + call) % 4];
                float[][] actual;
                try
                {
                    actual = await Call(frontEnd, entry, model, bound, new[] { TestInput.Floats(x, 1, 8) }, new[] { new long[] { 1, 4 } });
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                Assert.Equal(expected[(worker + call) % 4], actual[0]);
                Interlocked.Increment(ref succeeded);
            }
        });
        while (Volatile.Read(ref succeeded) < 200 && !load.IsCompleted) await Task.Delay(5);
        bound.Dispose();
        await Within(load, 20);
        Assert.True(succeeded >= 200);
        Assert.Equal(0, model.MicroBatchStatistics!.Value.QueueLength);
    }
}
