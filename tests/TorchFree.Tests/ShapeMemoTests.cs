using System;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// The shape memo on the typed front-end: an output whose shape the signature does not give, but which follows the
/// input shapes, is pre-allocated from the shape it had for the same input shapes, and only for those.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ShapeMemoTests
{
    [Fact]
    public void AnOutputShapedByTheInputShapes_IsPreAllocatedAgain_AfterEachChangeOfShape()
    {
        // Flatten: y[a, b·c] from x[a, b, c], declared with unnamed dims, so only a run (or the memo) knows its shape.
        using InferenceSession session = Models.Open(ModelBuilder.Build(
            new[] { ModelBuilder.Tensor("x", TensorElementType.Float, "a", "b", "c") },
            new[] { ModelBuilder.Tensor("y", TensorElementType.Float, null, null) },
            new[] { ModelBuilder.Node("Flatten", new[] { "x" }, new[] { "y" }) }));
        using var model = new ModelSession(session, ModelSignature.Of(session));
        foreach (long[] shape in new[] { new long[] { 2, 3, 4 }, new long[] { 2, 5, 4 }, new long[] { 2, 3, 4 } })
        {
            using OnnxTensor<float> x = OnnxTensor<float>.Allocate(shape);
            for (int call = 0; call < 5; call++)
            {
                for (int i = 0; i < x.Span.Length; i++) x.Span[i] = i * 0.5f - call;
                long made = NativeLedger.ValuesMade;
                OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
                // Call 0 binds the new input and lets ONNX Runtime allocate y, call 1 binds y's block; then nothing is made.
                if (call >= 2) Assert.Equal(made, NativeLedger.ValuesMade);
                PlainRun.AssertSame(session, new OnnxTensor[] { x }, outputs);
                Assert.Equal(new[] { shape[0], shape[1] * shape[2] }, outputs[0].Shape.ToArray());
                outputs[0].Dispose();
            }
        }
    }
}
