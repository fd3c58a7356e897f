using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace OnnxTyped.Runtime.Tests.MicroBatching;

/// <summary>
/// What a steady micro-batched call allocates on the caller's thread, counted (not timed): a typed <c>RunIntoAsync</c>
/// takes a pooled request and returns a <c>ValueTask</c> over it, so nothing. (The batch's own objects are made on a
/// worker thread, once per batch; a torch call makes its tensors' aliases.)
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class MicroBatchAllocationTests
{
    [Fact]
    public async Task ASteadyTypedRunIntoAsync_AllocatesNothingOnTheCallersThread()
    {
        await using MicroBatchedModel mb = MicroBatchedModel.SmallMlp(new MicroBatchOptions { MaxWait = TimeSpan.Zero });
        float[] x = MicroBatchingTests.Values(8, 3);
        using OnnxTensor<float> input = OnnxTensor<float>.FromArray(x, 1, 8);
        using OnnxTensor<float> output = OnnxTensor<float>.Allocate(1, 4);
        var inputs = new OnnxTensor[] { input };
        var outputs = new OnnxTensor[] { output };
        float[] expected = mb.PlainOutput(x, 1, 8);

        long Calls(int count)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int call = 0; call < count; call++)
            {
                ValueTask run = mb.Model.RunIntoAsync(inputs, outputs);
                var spin = new SpinWait();
                while (!run.IsCompleted) spin.SpinOnce(sleep1Threshold: -1);
                run.GetAwaiter().GetResult();
            }
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Calls(200); // warm: the request pool, the queue's list, the tiered JIT
        long bytes = Calls(1000);
        Assert.Equal(expected, output.ToArray());
        Assert.True(bytes == 0, $"1000 steady RunIntoAsync calls allocated {bytes} bytes on the caller's thread");
    }
}
