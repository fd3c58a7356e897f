using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using Xunit;
using static OnnxTyped.TestModels.ModelBuilder;
using static OnnxTyped.TestModels.ReadyModels;

namespace OnnxTyped.Runtime.Tests;

/// <summary>Dtypes in and out, scalars, non-contiguous inputs, pre-allocated and ORT-allocated outputs.</summary>
public sealed class DtypeAndShapeTests
{
    public static IEnumerable<object[]> BindableTypes() => new[]
    {
        new object[] { TensorElementType.Float }, new object[] { TensorElementType.Double }, new object[] { TensorElementType.Float16 },
        new object[] { TensorElementType.BFloat16 }, new object[] { TensorElementType.Int8 }, new object[] { TensorElementType.Int16 },
        new object[] { TensorElementType.Int32 }, new object[] { TensorElementType.Int64 }, new object[] { TensorElementType.UInt8 },
        new object[] { TensorElementType.Bool },
        new object[] { TensorElementType.UInt16 }, new object[] { TensorElementType.UInt32 }, new object[] { TensorElementType.UInt64 },
    };

    [Theory]
    [MemberData(nameof(BindableTypes))]
    public void EveryDtype_InAndOut_StaticShapePreAllocated(TensorElementType type)
    {
        using InferenceSession session = TestSessions.Open(Identity(type, 3, 4));
        torch.manual_seed(5);
        using torch.Tensor random = torch.randint(0, 2, new long[] { 3, 4 });
        using torch.Tensor x = random.to_type(Reference.TorchDtypeOf(type));
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        Assert.True(TorchValues.Same(x, outputs[0]));
        Reference.AssertSameOutputs(session, inputs, outputs);
        outputs[0].Dispose();
    }

    [Theory]
    [MemberData(nameof(BindableTypes))]
    public void EveryDtype_OrtAllocatedOutput_WhenShapeIsUnknownBeforeRun(TensorElementType type)
    {
        // Output dims have their own names, so nothing can be derived: ONNX Runtime allocates, torch adopts.
        byte[] model = Build(new[] { Tensor("x", type, "n", "m") }, new[] { Tensor("y", type, "p", "q") },
            new[] { Node("Identity", new[] { "x" }, new[] { "y" }) });
        using InferenceSession session = TestSessions.Open(model);
        using torch.Tensor random = torch.randint(0, 2, new long[] { 5, 2 });
        using torch.Tensor x = random.to_type(Reference.TorchDtypeOf(type));
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        Assert.True(TorchValues.Same(x, outputs[0]));
        Reference.AssertSameOutputs(session, inputs, outputs);
        outputs[0].Dispose();
    }

    [Fact]
    public void DataDependentOutputShape_Int64_IsAllocatedByOrt()
    {
        // NonZero's output shape depends on the values: [rank, count], int64. Zero-copy adoption and its release
        // are counted by OrtAllocatedOutputTests, apart from other tests (the count is process-wide).
        using InferenceSession session = TestSessions.Open(NonZero());
        using torch.Tensor x = torch.tensor(new float[] { 0, 3, 0, 7 });
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        Assert.Equal(new long[] { 1, 2 }, outputs[0].shape);
        Assert.Equal(new long[] { 1, 3 }, outputs[0].data<long>().ToArray());
        Reference.AssertSameOutputs(session, inputs, outputs);
        outputs[0].Dispose();
    }

    /// <summary>idx = NonZero(x), x float32 [4]: an int64 output [1, nz] whose size only the values decide.</summary>
    internal static byte[] NonZero() =>
        Build(new[] { Tensor("x", TensorElementType.Float, 4) }, new[] { Tensor("idx", TensorElementType.Int64, 1, "nz") },
            new[] { Node("NonZero", new[] { "x" }, new[] { "idx" }) });

    [Fact]
    public void ScalarInputs_AndScalarOutput()
    {
        byte[] model = Build(new[] { Tensor("a", TensorElementType.Int64), Tensor("b", TensorElementType.Int64) },
            new[] { Tensor("sum", TensorElementType.Int64) }, new[] { Node("Add", new[] { "a", "b" }, new[] { "sum" }) });
        using InferenceSession session = TestSessions.Open(model);
        using torch.Tensor a = torch.tensor(40L), b = torch.tensor(2L);
        var inputs = new Dictionary<string, torch.Tensor> { ["a"] = a, ["b"] = b };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        Assert.Empty(outputs[0].shape);
        Assert.Equal(42L, outputs[0].item<long>());
        Reference.AssertSameOutputs(session, inputs, outputs);
        outputs[0].Dispose();
    }

    [Fact]
    public void NonContiguousInputs_AreMadeContiguousFirst()
    {
        byte[] model = Build(new[] { Tensor("x", TensorElementType.Float, 3, 2), Tensor("z", TensorElementType.Float, 3, 2) },
            new[] { Tensor("y", TensorElementType.Float, 3, 2) }, new[] { Node("Sub", new[] { "x", "z" }, new[] { "y" }) });
        using InferenceSession session = TestSessions.Open(model);
        using torch.Tensor source = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        using torch.Tensor transposed = source.t();                       // strides (1, 3)
        using torch.Tensor wide = torch.arange(12, dtype: torch.float32).reshape(3, 4);
        using torch.Tensor sliced = wide[.., 1..3];                       // storage offset 1, row stride 4
        Assert.False(transposed.is_contiguous());
        Assert.False(sliced.is_contiguous());
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = transposed, ["z"] = sliced };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        using torch.Tensor expected = transposed - sliced;
        Assert.True(TorchValues.Same(expected, outputs[0]));
        Reference.AssertSameOutputs(session, inputs, outputs);
        outputs[0].Dispose();
    }

    [Fact]
    public void Float16Model_FedFloat32_IsCastAndMatches()
    {
        byte[] model = Build(new[] { Tensor("x", TensorElementType.Float16, "n") }, new[] { Tensor("y", TensorElementType.Float16, "n") },
            new[] { Node("Relu", new[] { "x" }, new[] { "y" }) });
        using InferenceSession session = TestSessions.Open(model);
        using torch.Tensor x = torch.tensor(new float[] { -1.5f, 0.25f, 3f });
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["x"] = x });
        Assert.Equal(torch.ScalarType.Float16, outputs[0].dtype);
        Assert.Equal(new[] { 0f, 0.25f, 3f }, outputs[0].to_type(torch.ScalarType.Float32).data<float>().ToArray());
        outputs[0].Dispose();
    }

    [Theory]
    [InlineData(TensorElementType.UInt16)]
    [InlineData(TensorElementType.UInt32)]
    [InlineData(TensorElementType.UInt64)]
    public void UnsignedTypes_TravelBitForBit_InTheSignedCarrier(TensorElementType type)
    {
        // Mod: values above the signed maximum must keep their bits (they read as negative in torch).
        byte[] model = Build(new[] { Tensor("a", type, 3), Tensor("b", type, 3) }, new[] { Tensor("m", type, 3) },
            new[] { Node("Mod", new[] { "a", "b" }, new[] { "m" }) });
        using InferenceSession session = TestSessions.Open(model);
        torch.ScalarType carrier = Reference.TorchDtypeOf(type);
        using torch.Tensor a = torch.tensor(new long[] { 7, -1, 9 }).to_type(carrier);   // -1: the bits of the unsigned maximum
        using torch.Tensor b = torch.tensor(new long[] { 2, 5, 4 }).to_type(carrier);
        var inputs = new Dictionary<string, torch.Tensor> { ["a"] = a, ["b"] = b };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        Assert.Equal(carrier, outputs[0].dtype);
        using torch.Tensor asLong = outputs[0].to_type(torch.ScalarType.Int64);
        Assert.Equal(new long[] { 1, 0, 1 }, asLong.data<long>().ToArray()); // 2^k - 1 is divisible by 5 for k = 16, 32, 64; signed -1 % 5 is not 0
        Reference.AssertSameOutputs(session, inputs, outputs);
        outputs[0].Dispose();
    }
}
