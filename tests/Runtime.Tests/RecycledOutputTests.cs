using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Run's CPU outputs live in host memory that comes back to the runner when torch frees them
/// (<see cref="OutputBlockPool"/>): a disposed output's memory serves the next call (same address, so it stays bound),
/// while an output or a view of it that is still alive is never written by a later call.
/// </summary>
public sealed class RecycledOutputTests
{
    private static readonly ModelSignature Projection = new(
        new[] { new TensorSignature("x", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(3)) },
        new[] { new TensorSignature("y", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(2)) });

    [Fact]
    public void KeptOutputs_AreNotWrittenByLaterCalls()
    {
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Projection("batch")), Projection);
        using torch.Tensor x1 = torch.rand(4, 3), x2 = torch.rand(4, 3) + 1;
        using torch.Tensor first = bound.Run(new[] { x1 })[0];
        using torch.Tensor expected = first.clone();
        using torch.Tensor second = bound.Run(new[] { x2 })[0];
        Assert.True(TorchValues.Same(expected, first));
        Assert.NotEqual(TensorMemory.DataPointer(first), TensorMemory.DataPointer(second));
        Assert.False(TorchValues.Same(first, second));
    }

    [Fact]
    public void DisposedOutput_ServesTheNextCall_ButAViewKeepsItsMemory()
    {
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Projection("batch")), Projection);
        using torch.Tensor x1 = torch.rand(4, 3), x2 = torch.rand(4, 3) + 1;
        torch.Tensor first = bound.Run(new[] { x1 })[0];
        System.IntPtr address = TensorMemory.DataPointer(first);
        first.Dispose();
        torch.Tensor second = bound.Run(new[] { x1 })[0];
        Assert.Equal(address, TensorMemory.DataPointer(second));   // the same block, still bound

        using torch.Tensor view = second.view(-1);
        using torch.Tensor expected = view.clone();
        second.Dispose();                                          // the view keeps the storage, so the block stays out
        using torch.Tensor third = bound.Run(new[] { x2 })[0];
        Assert.NotEqual(address, TensorMemory.DataPointer(third));
        Assert.True(TorchValues.Same(expected, view));
        Reference.AssertSameOutputs(bound.Session, new System.Collections.Generic.Dictionary<string, torch.Tensor> { ["x"] = x2 }, new[] { third });
    }
}

/// <summary>The recycled output memory is freed once both the runner and every output over it are gone, in either order.</summary>
[Collection(SerialCollection.Name)]
public sealed class RecycledOutputLeakTests
{
    [Fact]
    public void OutputsOutliveTheirSession_AndEveryBlockIsFreed()
    {
        long before = NativeLedger.LiveBlocks;
        var signature = new ModelSignature(
            new[] { new TensorSignature("x", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(3)) },
            new[] { new TensorSignature("y", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(2)) });
        using torch.Tensor x = torch.rand(2, 3);
        Microsoft.ML.OnnxRuntime.InferenceSession session = TestSessions.Open(ReadyModels.Projection("batch"));
        var bound = new BoundSession(session, signature);
        torch.Tensor[] kept = new torch.Tensor[3];
        for (int i = 0; i < kept.Length; i++) kept[i] = bound.Run(new[] { x })[0];
        for (int i = 0; i < 5; i++) bound.Run(new[] { x })[0].Dispose();
        using torch.Tensor expected = kept[0].clone();
        bound.Dispose();
        session.Dispose();
        Assert.True(TorchValues.Same(expected, kept[2]));          // readable after the session and its runners are gone
        foreach (torch.Tensor output in kept) output.Dispose();
        Assert.Equal(before, NativeLedger.LiveBlocks);
    }
}
