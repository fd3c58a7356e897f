using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>BoundSession, the engine of generated classes: signature check, reuse, thread safety, disposal.</summary>
public sealed class BoundSessionTests
{
    private static ModelSignature SileroSignature() => new(
        new[]
        {
            new TensorSignature("input", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Symbolic("sequence")),
            new TensorSignature("state", TensorElementType.Float, Dim.Fixed(2), Dim.Symbolic("batch"), Dim.Fixed(128)),
            new TensorSignature("sr", TensorElementType.Int64),
        },
        new[]
        {
            new TensorSignature("output", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(1)),
            new TensorSignature("stateN", TensorElementType.Float, Dim.Symbolic("AddstateN_dim_0"), Dim.Symbolic("batch"), Dim.Symbolic("AddstateN_dim_2")),
        });

    [Fact]
    public void SignatureReadFromSession_EqualsTheDeclaredOne()
    {
        using var session = new InferenceSession(RepoModels.SileroVad);
        ModelSignature read = ModelSignature.Of(session);
        SileroSignature().EnsureMatches(read, "silero"); // no throw
        Assert.Equal(new[] { "input", "state", "sr" }, read.InputNames);
        Assert.Equal("state: float32 [2, batch, 128]", read.Inputs[1].ToString());
    }

    [Fact]
    public void ModelThatDiffersFromTheSignature_IsRefusedAtConstruction_NamingTheDifference()
    {
        var wrong = new ModelSignature(
            new[] { new TensorSignature("x", TensorElementType.Float, Dim.Fixed(1), Dim.Fixed(8)) },
            new[] { new TensorSignature("y", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(4)) });
        var error = Assert.Throws<OnnxModelMismatchException>(() => new BoundSession(RepoModels.SileroVad, wrong));
        Assert.Contains("silero_vad_16k_op15.onnx", error.Message);
        Assert.Contains("expected 1 inputs (x)", error.Message);
    }

    [Fact]
    public void Run_MatchesPlainRun_AndReusesItsBinding()
    {
        using var bound = new BoundSession(RepoModels.SileroVad, SileroSignature());
        using torch.Tensor sr = torch.tensor(16000L);
        torch.Tensor state = torch.zeros(2, 1, 128);
        for (int i = 0; i < 5; i++)
        {
            using torch.Tensor input = torch.rand(1, 512) - 0.5;
            torch.Tensor[] outputs = bound.Run(new[] { input, state, sr });
            Reference.AssertSameOutputs(bound.Session, new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr }, outputs);
            outputs[0].Dispose();
            state.Dispose();
            state = outputs[1];
        }
        state.Dispose();
    }

    [Fact]
    public void ConcurrentRuns_GiveTheSameResultsAsSequentialOnes()
    {
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7)), new ModelSignature(
            new[] { new TensorSignature("x", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(8)) },
            new[] { new TensorSignature("y", TensorElementType.Float, Dim.Symbolic("batch"), Dim.Fixed(4)) }));
        torch.Tensor[] xs = Enumerable.Range(0, 8).Select(i => torch.full(new long[] { 3, 8 }, i * 0.1f)).ToArray();
        float[][] sequential = xs.Select(x => { using torch.Tensor y = bound.Run(new[] { x })[0]; return y.data<float>().ToArray(); }).ToArray();
        float[][] parallel = new float[xs.Length][];
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
        {
            int i = n % xs.Length;
            using torch.Tensor y = bound.Run(new[] { xs[i] })[0];
            parallel[i] = y.data<float>().ToArray();
            Assert.Equal(sequential[i], parallel[i]);
        });
        foreach (torch.Tensor x in xs) x.Dispose();
    }

    [Fact]
    public void WrongInputCount_AndUseAfterDispose_AreClearErrors()
    {
        var bound = new BoundSession(RepoModels.SileroVad, SileroSignature());
        using torch.Tensor x = torch.zeros(1, 512);
        var count = Assert.Throws<ArgumentException>(() => bound.Run(new[] { x }));
        Assert.Contains("3 input(s) (input, state, sr), 1 were given", count.Message);
        bound.Dispose();
        Assert.Throws<ObjectDisposedException>(() => bound.Run(new[] { x, x, x }));
    }

    [Fact]
    public void ResolveBesideApplication_MissingModel_SaysWhereItLooked()
    {
        var error = Assert.Throws<System.IO.FileNotFoundException>(() => BoundSession.ResolveBesideApplication("models/nope.onnx"));
        Assert.Contains("models/nope.onnx", error.Message);
        Assert.Contains(AppContext.BaseDirectory.TrimEnd('/'), error.Message);
        Assert.EndsWith("silero_vad_16k_op15.onnx", BoundSession.ResolveBesideApplication("models/silero_vad_16k_op15.onnx"));
    }

    private static ModelSignature ProjectionSignature(Dim batch) => new(
        new[] { new TensorSignature("x", TensorElementType.Float, batch, Dim.Fixed(3)) },
        new[] { new TensorSignature("y", TensorElementType.Float, batch, Dim.Fixed(2)) });

    [Fact]
    public void StaticBatchModel_RunsAnyBatchSize_SplitAndPadded_LikeOneUnbatchedRun()
    {
        using var staticBatch = new BoundSession(TestSessions.Open(ReadyModels.Projection(4)), ProjectionSignature(Dim.Fixed(4)));
        Assert.False(staticBatch.SplitsFixedBatch);            // off by default: a wrong number must never be the price of convenience
        Assert.Null(staticBatch.MaxBatchSize);
        staticBatch.SplitsFixedBatch = true;
        Assert.Equal(4, staticBatch.MaxBatchSize);
        Assert.Equal(4, staticBatch.MinBatchSize);
        Assert.Throws<InvalidOperationException>(() => staticBatch.MaxBatchSize = 8);
        Assert.True(staticBatch.SplitsFixedBatch);
        using InferenceSession dynamic = TestSessions.Open(ReadyModels.Projection("batch"));

        foreach (long rows in new long[] { 10, 4, 3, 1, 8 })
        {
            using torch.Tensor x = torch.arange(rows * 3, dtype: torch.float32).reshape(rows, 3) / 7;
            torch.Tensor[] outputs = staticBatch.Run(new[] { x });
            Assert.Equal(new[] { rows, 2L }, outputs[0].shape);
            // The same rows through a symbolic-batch twin in one plain run.
            Reference.AssertSameOutputs(dynamic, new Dictionary<string, torch.Tensor> { ["x"] = x }, outputs);
            outputs[0].Dispose();
        }
    }

    [Fact]
    public void SymbolicBatchModel_HasNoLimitByDefault_AndSplitsUnderAMaximum()
    {
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Projection("batch")), ProjectionSignature(Dim.Symbolic("batch")));
        Assert.Null(bound.MaxBatchSize);
        Assert.Null(bound.MinBatchSize);
        using torch.Tensor x = torch.rand(7, 3);
        torch.Tensor whole = bound.Run(new[] { x })[0];
        bound.MaxBatchSize = 3;
        torch.Tensor split = bound.Run(new[] { x })[0];
        Assert.True(TorchValues.Same(whole, split));
        Reference.AssertSameOutputs(bound.Session, new Dictionary<string, torch.Tensor> { ["x"] = x }, new[] { split });
        Assert.Throws<ArgumentOutOfRangeException>(() => bound.MaxBatchSize = 0);
        bound.MinBatchSize = 2;
        Assert.Throws<ArgumentOutOfRangeException>(() => bound.MaxBatchSize = 1);
        whole.Dispose();
        split.Dispose();
    }

    [Fact]
    public void StaticBatchModel_WithSplittingOff_TakesExactlyItsBatch()
    {
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Projection(4)), ProjectionSignature(Dim.Fixed(4)));
        Assert.False(bound.SplitsFixedBatch);
        Assert.Null(bound.MaxBatchSize);
        using torch.Tensor four = torch.rand(4, 3), five = torch.rand(5, 3);
        bound.Run(new[] { four })[0].Dispose();
        var error = Assert.Throws<OnnxInputException>(() => bound.Run(new[] { five }));
        Assert.Contains("dimension 0 must be 4", error.Message);
        Assert.Contains("set SplitsFixedBatch", error.Message);
    }

    [Fact]
    public void StaticBatchModel_WrongTrailingShape_IsAShapeError_NotABatchError()
    {
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Projection(4)), ProjectionSignature(Dim.Fixed(4))) { SplitsFixedBatch = true };
        using torch.Tensor x = torch.rand(6, 5);
        var error = Assert.Throws<OnnxInputException>(() => bound.Run(new[] { x }));
        Assert.Contains("dimension 1 must be 3", error.Message);
    }

    [Fact]
    public void ModelWithoutInputs_RunsOnTheCpu()
    {
        var constant = ModelBuilder.Node("Constant", System.Array.Empty<string>(), new[] { "c" },
            ModelBuilder.TensorAttribute("value", ModelBuilder.FloatTensor("v", new long[] { 2 }, 1.5f, -2f)));
        byte[] model = ModelBuilder.Build(System.Array.Empty<Onnx.ValueInfoProto>(), new[] { ModelBuilder.Tensor("c", TensorElementType.Float, 2) }, new[] { constant });
        using var bound = new BoundSession(TestSessions.Open(model), new ModelSignature(
            System.Array.Empty<TensorSignature>(), new[] { new TensorSignature("c", TensorElementType.Float, Dim.Fixed(2)) }));
        torch.Tensor[] outputs = bound.Run(System.Array.Empty<torch.Tensor>());
        Assert.Equal(new[] { 1.5f, -2f }, outputs[0].data<float>().ToArray());
        outputs[0].Dispose();
    }

    [Fact]
    public void ReusedInputBinding_SeesInPlaceChanges_NewShapes_AndRecoversAfterAFailedCall()
    {
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Projection("batch")), ProjectionSignature(Dim.Symbolic("batch")));
        using torch.Tensor x = torch.rand(3, 3);
        void Check(torch.Tensor input)
        {
            torch.Tensor[] outputs = bound.Run(new[] { input });
            Reference.AssertSameOutputs(bound.Session, new Dictionary<string, torch.Tensor> { ["x"] = input }, outputs);
            outputs[0].Dispose();
        }

        Check(x);
        x.add_(1.0);                      // same address and shape: still bound, ORT must read the new values
        Check(x);
        using (torch.Tensor five = torch.rand(5, 3)) Check(five);   // new address and shape: re-bound
        Check(x);                         // and back
        using torch.Tensor wrong = torch.rand(3, 4);
        Assert.Throws<OnnxInputException>(() => bound.Run(new[] { wrong }));
        x.mul_(-2.0);
        Check(x);
    }

    [Fact]
    public void BindingCache_SameAddressNewShape_IsBoundAgain()
    {
        // Views that start at one address with different shapes: an unchanged address alone must not keep the old
        // binding, for inputs (Run and RunInto) and for RunInto's outputs.
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Projection("batch")), ProjectionSignature(Dim.Symbolic("batch")));
        using torch.Tensor inputStorage = torch.rand(12) - 0.5, outputStorage = torch.empty(8);
        using torch.Tensor four = inputStorage.view(4, 3), two = inputStorage.narrow(0, 0, 6).view(2, 3);
        using torch.Tensor fourOut = outputStorage.view(4, 2), twoOut = outputStorage.narrow(0, 0, 4).view(2, 2);
        Assert.Equal(TensorMemory.DataPointer(four), TensorMemory.DataPointer(two));
        Assert.Equal(TensorMemory.DataPointer(fourOut), TensorMemory.DataPointer(twoOut));
        foreach ((torch.Tensor input, torch.Tensor output) in new[] { (four, fourOut), (two, twoOut), (four, fourOut) })
        {
            var inputs = new Dictionary<string, torch.Tensor> { ["x"] = input };
            torch.Tensor[] allocated = bound.Run(new[] { input });
            Reference.AssertSameOutputs(bound.Session, inputs, allocated);
            allocated[0].Dispose();
            bound.RunInto(new[] { input }, new[] { output });
            Reference.AssertSameOutputs(bound.Session, inputs, new[] { output });
        }
    }

    [Fact]
    public void RunInto_WritesCallerOwnedOutputs_ReusingBuffersAcrossCalls_LikePlainRun()
    {
        // Silero's recurrent state ping-pongs between two caller-owned buffers: the typical streaming loop.
        using var bound = new BoundSession(RepoModels.SileroVad, SileroSignature());
        using torch.Tensor sr = torch.tensor(16000L);
        using torch.Tensor input = torch.zeros(1, 512);
        using torch.Tensor probability = torch.empty(1, 1);
        torch.Tensor state = torch.zeros(2, 1, 128), next = torch.empty(2, 1, 128);
        torch.manual_seed(11);
        for (int step = 0; step < 6; step++)
        {
            using (torch.Tensor fresh = torch.rand(1, 512) - 0.5) input.copy_(fresh); // same buffer, new samples
            var inputs = new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr };
            var expected = Reference.PlainRun(bound.Session, inputs);

            bound.RunInto(new[] { input, state, sr }, new[] { probability, next });

            Reference.AssertSameOutputs(bound.Session, inputs, new[] { probability, next });
            Assert.Equal(expected[0].Bytes, probability.bytes.ToArray());
            (state, next) = (next, state);
        }
        state.Dispose();
        next.Dispose();
    }

    [Fact]
    public void RunInto_AndRun_MixOnOneSession()
    {
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Projection("batch")), ProjectionSignature(Dim.Symbolic("batch")));
        using torch.Tensor x = torch.rand(3, 3), y = torch.empty(3, 2);
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        bound.RunInto(new[] { x }, new[] { y });
        Reference.AssertSameOutputs(bound.Session, inputs, new[] { y });
        torch.Tensor[] allocated = bound.Run(new[] { x });
        Assert.True(TorchValues.Same(y, allocated[0]));
        allocated[0].Dispose();
        x.mul_(3.0);
        bound.RunInto(new[] { x }, new[] { y });
        Reference.AssertSameOutputs(bound.Session, inputs, new[] { y });
    }

    [Fact]
    public void RunInto_RefusesOutputsOfTheWrongKind_NamingTheOutput()
    {
        using var bound = new BoundSession(TestSessions.Open(ReadyModels.Projection("batch")), ProjectionSignature(Dim.Symbolic("batch")));
        using torch.Tensor x = torch.rand(3, 3);
        using torch.Tensor wrongDtype = torch.empty(new long[] { 3, 2 }, torch.ScalarType.Float64);
        using torch.Tensor wrongShape = torch.empty(4, 2);
        using torch.Tensor wide = torch.empty(2, 3);
        using torch.Tensor notContiguous = wide.t();
        Assert.Contains("Output 'y' has dtype float64, but the model writes float32", Assert.Throws<OnnxOutputException>(() => bound.RunInto(new[] { x }, new[] { wrongDtype })).Message);
        Assert.Contains("Output 'y' has shape [4, 2], but for these inputs the model writes [3, 2]", Assert.Throws<OnnxOutputException>(() => bound.RunInto(new[] { x }, new[] { wrongShape })).Message);
        Assert.Contains("Output 'y' is not contiguous", Assert.Throws<OnnxOutputException>(() => bound.RunInto(new[] { x }, new[] { notContiguous })).Message);
        Assert.Contains("1 output(s) (y), 0 were given", Assert.Throws<ArgumentException>(() => bound.RunInto(new[] { x }, Array.Empty<torch.Tensor>())).Message);
    }
}
