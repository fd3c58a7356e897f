using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Outputs whose shape only a run tells: remembered per input shapes and pre-allocated on the next call (Silero's
/// stateN), and left to ONNX Runtime again when they turn out to follow the values (NonZero). Every call is compared
/// with plain Run; the adoption count says who allocated, so these run apart from other tests.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OutputShapeMemoTests
{
    [Fact]
    public void SileroState_IsAllocatedByOnnxRuntimeOnce_ThenPreAllocatedFromMemory()
    {
        using var session = new InferenceSession(RepoModels.SileroVad);
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        using torch.Tensor sr = torch.tensor(16000L);
        torch.Tensor state = torch.zeros(2, 1, 128);
        torch.manual_seed(3);
        for (int frame = 0; frame < 4; frame++)
        {
            using torch.Tensor input = torch.rand(1, 512) - 0.5;
            int adoptedBefore = TensorMemory.AdoptedCount;
            torch.Tensor[] outputs = bound.Run(new[] { input, state, sr });
            // Only the first call lets ONNX Runtime allocate stateN (kept alive here, so a second adoption would show).
            Assert.Equal(frame == 0 ? adoptedBefore + 1 : adoptedBefore, TensorMemory.AdoptedCount);
            Reference.AssertSameOutputs(session, new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr }, outputs);
            outputs[0].Dispose();
            state.Dispose();
            state = outputs[1];
        }
        state.Dispose();
    }

    [Fact]
    public void AnOutputShapedByTheValues_IsLeftToOnnxRuntime_OnceItComesOutWithAnotherShape()
    {
        // NonZero: [1, count of non-zeros]. Two calls with two non-zeros teach the memo [1, 2]; the third has three.
        using InferenceSession session = TestSessions.Open(Build(
            new[] { Tensor("x", TensorElementType.Float, 4) }, new[] { Tensor("idx", TensorElementType.Int64, 1, "nz") },
            new[] { Node("NonZero", new[] { "x" }, new[] { "idx" }) }));
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        float[][] frames = { new float[] { 0, 3, 0, 7 }, new float[] { 1, 0, 0, 2 }, new float[] { 5, 6, 0, 8 }, new float[] { 0, 0, 0, 1 }, new float[] { 9, 0, 0, 0 } };
        foreach (float[] values in frames)
        {
            using torch.Tensor x = torch.tensor(values);
            torch.Tensor[] outputs = bound.Run(new[] { x });
            Reference.AssertSameOutputs(session, new Dictionary<string, torch.Tensor> { ["x"] = x }, outputs);
            outputs[0].Dispose();
        }
    }
}
