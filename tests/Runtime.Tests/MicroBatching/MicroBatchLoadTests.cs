using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using static OnnxTyped.Runtime.Tests.MicroBatching.FrontEndCalls;
using static OnnxTyped.Runtime.Tests.MicroBatching.MicroBatchingTests;

namespace OnnxTyped.Runtime.Tests.MicroBatching;

/// <summary>
/// 64 threads × 10,000 requests each on one micro-batching model, per front-end: every answer checked against plain
/// ONNX Runtime, and the batches actually formed. Serial: it measures nothing but must not share two cores with others.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class MicroBatchLoadTests
{
    private const int Threads = 64, CallsPerThread = 10_000;

    [Theory]
    [MemberData(nameof(BothFrontEnds), MemberType = typeof(MicroBatchingTests))]
    public async Task SixtyFourThreads_TenThousandRequestsEach_AllAnsweredRight(string frontEnd)
    {
        byte[] mlp = ReadyModels.Mlp(64, 64, 10, seed: 42);
        using InferenceSession plain = TestSessions.Open(mlp);
        var model = new ModelSession(TestSessions.Open(mlp), ModelSignature.Of(plain));
        model.EnableMicroBatching(new MicroBatchOptions { MaxBatchSize = 64, MaxWait = TimeSpan.FromMilliseconds(2), MaxConcurrentBatches = 2 });
        await using var bound = new BoundSession(model);
        float[][] xs = Enumerable.Range(0, 8).Select(i => Values(64, 500 + i)).ToArray();
        float[][] expected = xs.Select(x => Plain(plain, ("x", TestInput.Floats(x, 1, 64)))[0]).ToArray();
        int wrong = 0;

        await Workers(Threads, worker =>
        {
            if (frontEnd == Typed)
            {
                OnnxTensor<float>[] inputs = xs.Select(x => OnnxTensor<float>.FromArray(x, 1, 64)).ToArray();
                using var output = OnnxTensor<float>.Allocate(1, 10);
                for (int call = 0; call < CallsPerThread; call++)
                {
                    int which = (worker + call) % 8;
                    model.RunInto(new OnnxTensor[] { inputs[which] }, new OnnxTensor[] { output });
                    if (!output.Span.SequenceEqual(expected[which])) Interlocked.Increment(ref wrong);
                }
                foreach (OnnxTensor input in inputs) input.Dispose();
            }
            else
            {
                torch.Tensor[] inputs = xs.Select(x => torch.tensor(x, 1, 64)).ToArray();
                using torch.Tensor output = torch.empty(1, 10);
                for (int call = 0; call < CallsPerThread; call++)
                {
                    int which = (worker + call) % 8;
                    bound.RunInto(new[] { inputs[which] }, new[] { output });
                    if (!output.data<float>().ToArray().AsSpan().SequenceEqual(expected[which])) Interlocked.Increment(ref wrong);
                }
                foreach (torch.Tensor input in inputs) input.Dispose();
            }
            return Task.CompletedTask;
        });

        MicroBatchStatistics stats = model.MicroBatchStatistics!.Value;
        Assert.Equal(0, wrong);
        Assert.Equal((long)Threads * CallsPerThread, stats.Requests);
        Assert.Equal(stats.Requests, stats.Rows);
        Assert.True(stats.AverageBatch > 2, $"64 blocking callers formed batches of {stats.AverageBatch:F1} rows on average: {stats}");
    }
}
