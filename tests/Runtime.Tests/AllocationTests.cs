using System;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// What a steady call allocates on the managed heap, counted exactly per thread (no timing): nothing for
/// <see cref="BoundSession.RunInto"/> into reused outputs, only the returned tensors for <see cref="BoundSession.Run"/>.
/// </summary>
public sealed class AllocationTests
{
    private readonly ITestOutputHelper _output;

    public AllocationTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("mlp")]
    [InlineData("silero")]
    public void RunInto_ReusedOutputs_AllocatesNothingPerCall(string model)
    {
        using var session = model == "mlp" ? TestSessions.Open(ReadyModels.Mlp(64, 64, 10, seed: 42)) : new InferenceSession(RepoModels.SileroVad);
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        torch.Tensor[] inputs = model == "mlp"
            ? new[] { torch.rand(1, 64) }
            : new[] { torch.rand(1, 512), torch.zeros(2, 1, 128), torch.tensor(16000L) };
        torch.Tensor[] outputs = model == "mlp" ? new[] { torch.empty(1, 10) } : new[] { torch.empty(1, 1), torch.empty(2, 1, 128) };
        try
        {
            for (int i = 0; i < 20; i++) bound.RunInto(inputs, outputs);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++) bound.RunInto(inputs, outputs);
            long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 200;
            _output.WriteLine($"{model}: RunInto allocates {perCall} B per call");
            Assert.Equal(0, perCall);
        }
        finally
        {
            foreach (torch.Tensor t in inputs) t.Dispose();
            foreach (torch.Tensor t in outputs) t.Dispose();
        }
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("silero")]
    public void Run_Steady_AllocatesOnlyWhatItReturns(string model)
    {
        using var session = model == "mlp" ? TestSessions.Open(ReadyModels.Mlp(64, 64, 10, seed: 42)) : new InferenceSession(RepoModels.SileroVad);
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        torch.Tensor[] inputs = model == "mlp"
            ? new[] { torch.rand(1, 64) }
            : new[] { torch.rand(1, 512), torch.zeros(2, 1, 128), torch.tensor(16000L) };
        try
        {
            void Call()
            {
                foreach (torch.Tensor output in bound.Run(inputs)) output.Dispose();
            }
            for (int i = 0; i < 20; i++) Call();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++) Call();
            long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 200;
            _output.WriteLine($"{model}: Run allocates {perCall} B per call");
            // The result array and, per output, the torch.Tensor TorchSharp makes for it (measured: 320 B for one
            // output, 574 B for two); nothing per input, no binding, no shape array.
            Assert.InRange(perCall, 1, 400 * session.OutputNames.Count);
        }
        finally
        {
            foreach (torch.Tensor t in inputs) t.Dispose();
        }
    }
}
