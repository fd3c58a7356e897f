using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// One instance, 8 threads × 10,000 calls with different inputs: each result equals what plain Run gives for that input,
/// and the instance's pool of IO bindings serves them all (no binding opened per call). The binding count is process-wide,
/// so this runs apart from other tests.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private const int CallsPerThread = 10_000;

    [Fact]
    public void EightThreads_TenThousandCallsEach_EveryResultAsPlainRun()
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        // 32 distinct inputs with their plain-Run outputs, computed once, single-threaded.
        var inputs = new torch.Tensor[32];
        var expected = new float[32][];
        for (int k = 0; k < inputs.Length; k++)
        {
            torch.manual_seed(100 + k);
            inputs[k] = torch.rand(1 + k % 3, 8) - 0.5;
            expected[k] = PlainOnnxRun.FloatOutputs(session, "x", inputs[k].data<float>().ToArray(), inputs[k].shape)[0];
        }
        try
        {
            long bindingsBefore = NativeLedger.BindingsOpened;
            int mismatches = 0;
            Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
            {
                var input = new torch.Tensor[1];
                for (int call = 0; call < CallsPerThread; call++)
                {
                    int k = (thread * 7 + call) % inputs.Length;
                    input[0] = inputs[k];
                    torch.Tensor[] outputs = bound.Run(input);
                    float[] actual = outputs[0].data<float>().ToArray();
                    outputs[0].Dispose();
                    if (!actual.AsSpan().SequenceEqual(expected[k])) Interlocked.Increment(ref mismatches);
                }
            });
            Assert.Equal(0, mismatches);
            // At most one binding per thread that ever ran at once; never one per call.
            Assert.InRange(NativeLedger.BindingsOpened - bindingsBefore, 0, Threads);
        }
        finally
        {
            foreach (torch.Tensor input in inputs) input.Dispose();
        }
    }
}
