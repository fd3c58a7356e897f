using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// RunInto with caller memory that overlaps (issue 25, D1): one tensor given for two outputs lost one of them without a
/// word (legacy Silero's hn and cn), and an output over an input relied on the kernel reading before writing. Both
/// front-ends refuse them before the run, naming both tensors; memory side by side, not overlapping, still runs.
/// </summary>
public sealed class SharedMemoryTests
{
    private const int Float = (int)TensorElementType.Float;

    // y = x + 1 and z = -x, both [2, 3]: two outputs of one shape, told apart by their values only.
    private static InferenceSession TwoOutputs() => TestSessions.Open(Build(
        new[] { Tensor("x", Float, 2, 3) },
        new[] { Tensor("y", Float, 2, 3), Tensor("z", Float, 2, 3) },
        new[]
        {
            Node("Add", new[] { "x", "one" }, new[] { "y" }),
            Node("Neg", new[] { "x" }, new[] { "z" }),
        },
        new[] { FloatTensor("one", new long[] { 1 }, 1f) }));

    private static readonly float[] Values = { 1, -2, 3, -4, 5, -6 };

    [Fact]
    public void Typed_OneTensorForTwoOutputs_IsRefusedNamingBoth()
    {
        using InferenceSession session = TwoOutputs();
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = OnnxTensor<float>.FromArray((float[])Values.Clone(), 2, 3);
        using OnnxTensor<float> both = OnnxTensor<float>.Allocate(2, 3);

        var error = Assert.Throws<OnnxOutputException>(() => model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { both, both }));

        Assert.Contains("Output 'y' and output 'z' share memory", error.Message);
        Assert.Equal(new float[6], both.ToArray()); // refused before the run: nothing written
        AssertTypedRunsRight(model, session, x);    // and the model still works
    }

    [Fact]
    public void Typed_OverlappingViewsOfOneArray_AreRefused_AndSideBySideOnesRun()
    {
        using InferenceSession session = TwoOutputs();
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = OnnxTensor<float>.FromArray((float[])Values.Clone(), 2, 3);
        float[] memory = new float[12];
        using (OnnxTensor<float> y = OnnxTensor<float>.FromMemory(memory.AsMemory(0, 6), 2, 3))
        using (OnnxTensor<float> z = OnnxTensor<float>.FromMemory(memory.AsMemory(5, 6), 2, 3)) // shares one element with y
            Assert.Contains("Output 'y' and output 'z' share memory", Assert.Throws<OnnxOutputException>(() => model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { y, z })).Message);

        using (OnnxTensor<float> y = OnnxTensor<float>.FromMemory(memory.AsMemory(0, 6), 2, 3))
        using (OnnxTensor<float> z = OnnxTensor<float>.FromMemory(memory.AsMemory(6, 6), 2, 3)) // right after y: no byte shared
        {
            model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { y, z });
            Assert.Equal(PlainOnnxRun.FloatOutputs(session, "x", Values, 2, 3), new[] { y.ToArray(), z.ToArray() });
        }
    }

    [Fact]
    public void Typed_OutputOverAnInput_IsRefusedNamingBoth()
    {
        using InferenceSession session = TwoOutputs();
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = OnnxTensor<float>.FromArray((float[])Values.Clone(), 2, 3);
        using OnnxTensor<float> z = OnnxTensor<float>.Allocate(2, 3);

        var error = Assert.Throws<OnnxOutputException>(() => model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { x, z }));

        Assert.Contains("Output 'y' shares memory with input 'x'", error.Message);
        Assert.Equal(Values, x.ToArray());
        AssertTypedRunsRight(model, session, x);
    }

    [Fact]
    public void Torch_OneTensorForTwoOutputs_IsRefusedNamingBoth()
    {
        using InferenceSession session = TwoOutputs();
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        using torch.Tensor x = torch.tensor(Values, new long[] { 2, 3 });
        using torch.Tensor both = torch.zeros(2, 3);

        var error = Assert.Throws<OnnxOutputException>(() => bound.RunInto(new[] { x }, new[] { both, both }));

        Assert.Contains("Output 'y' and output 'z' share memory", error.Message);
        Assert.Equal(new float[6], both.data<float>().ToArray());
        using torch.Tensor y = torch.empty(2, 3), z = torch.empty(2, 3);
        bound.RunInto(new[] { x }, new[] { y, z });
        Reference.AssertSameOutputs(session, new Dictionary<string, torch.Tensor> { ["x"] = x }, new[] { y, z });
    }

    [Fact]
    public void Torch_OverlappingViewsAndAnOutputOverAnInput_AreRefused()
    {
        using InferenceSession session = TwoOutputs();
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        using torch.Tensor x = torch.tensor(Values, new long[] { 2, 3 });
        using torch.Tensor storage = torch.zeros(3, 3);
        using torch.Tensor top = storage.narrow(0, 0, 2), bottom = storage.narrow(0, 1, 2); // rows 0-1 and 1-2: row 1 shared
        using torch.Tensor z = torch.empty(2, 3);

        Assert.Contains("Output 'y' and output 'z' share memory",
            Assert.Throws<OnnxOutputException>(() => bound.RunInto(new[] { x }, new[] { top, bottom })).Message);
        Assert.Contains("Output 'y' shares memory with input 'x'",
            Assert.Throws<OnnxOutputException>(() => bound.RunInto(new[] { x }, new[] { x, z })).Message);
        Assert.Equal(Values, x.data<float>().ToArray());
    }

    [Fact]
    public void Torch_InputCopiedBeforeBinding_MayViewAnOutputsMemory()
    {
        // A non-contiguous input is copied into contiguous memory before binding: ONNX Runtime reads the copy, so an
        // output over the same storage cannot change what the run reads, and is not refused.
        using InferenceSession session = TwoOutputs();
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        using torch.Tensor y = torch.empty(2, 3), z = torch.empty(2, 3);
        using torch.Tensor x = y.view(3, 2).t(); // [2, 3] over y's bytes, not contiguous
        using (torch.Tensor values = torch.tensor(Values, new long[] { 2, 3 })) x.copy_(values);
        using torch.Tensor before = x.clone();

        bound.RunInto(new[] { x }, new[] { y, z });

        Reference.AssertSameOutputs(session, new Dictionary<string, torch.Tensor> { ["x"] = before }, new[] { y, z });
    }

    private static void AssertTypedRunsRight(ModelSession model, InferenceSession session, OnnxTensor<float> x)
    {
        using OnnxTensor<float> y = OnnxTensor<float>.Allocate(2, 3), z = OnnxTensor<float>.Allocate(2, 3);
        model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { y, z });
        Assert.Equal(PlainOnnxRun.FloatOutputs(session, "x", x.ToArray(), 2, 3), new[] { y.ToArray(), z.ToArray() });
    }
}
