using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using Xunit;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// The output shape memo answers per input shapes: an output whose shape follows the input shapes in a way the
/// signature does not say (Flatten to [batch * 4, 3], declared [rows, 3]) is pre-allocated again for each set of input
/// shapes once it was seen, going back and forth between two batches. Counted with the process-wide
/// <see cref="NativeLedger.ValuesMade"/>, so it runs apart from other tests.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OutputShapeMemoInputShapeTests
{
    [Fact]
    public void AnOutputThatFollowsTheInputShapes_IsPreAllocatedAgain_AfterEachShapesFirstCall()
    {
        using InferenceSession session = TestSessions.Open(Build(
            new[] { Tensor("x", TensorElementType.Float, "batch", 4, 3) }, new[] { Tensor("y", TensorElementType.Float, "rows", 3) },
            new[] { Node("Flatten", new[] { "x" }, new[] { "y" }, new Onnx.AttributeProto { Name = "axis", Type = Onnx.AttributeProto.Types.AttributeType.Int, I = 2 }) }));
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        Assert.False(bound.Signature.DerivableOutputDims.IsDerivable(bound.Signature.Outputs[0], 0));   // only the memo can size y
        torch.manual_seed(5);
        using torch.Tensor a = torch.rand(2, 4, 3), b = torch.rand(5, 4, 3);
        foreach (torch.Tensor x in new[] { a, b, a })
        {
            var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
            for (int call = 0; call < 5; call++)
            {
                long made = NativeLedger.ValuesMade;
                torch.Tensor[] outputs = bound.Run(new[] { x });
                long madeByThisCall = NativeLedger.ValuesMade - made;
                Reference.AssertSameOutputs(session, inputs, outputs);
                outputs[0].Dispose();   // its block serves the next call, which stays bound
                // First call of these shapes: ONNX Runtime allocates y (and the input is bound); second: y is pre-allocated
                // from the memo in a new block, bound once; from then on nothing is bound afresh.
                if (call >= 2) Assert.True(madeByThisCall == 0, $"batch {x.shape[0]}, call {call + 1}: {madeByThisCall} OrtValue(s) made");
            }
        }
    }
}
