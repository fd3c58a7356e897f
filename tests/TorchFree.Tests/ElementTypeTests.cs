using System;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// Every element type the typed front-end binds, through an Identity model: the output is an <see cref="OnnxTensor{T}"/>
/// of the input's <c>T</c> and element type, holding the input's bits, whether the runtime pre-allocated it (its shape
/// follows from the input's, or from the shape memo) or ONNX Runtime allocated it (its shape named by no input).
/// </summary>
public sealed class ElementTypeTests
{
    [Theory]
    [InlineData(TensorElementType.Float)]
    [InlineData(TensorElementType.Double)]
    [InlineData(TensorElementType.Float16)]
    [InlineData(TensorElementType.BFloat16)]
    [InlineData(TensorElementType.Int8)]
    [InlineData(TensorElementType.UInt8)]
    [InlineData(TensorElementType.Int16)]
    [InlineData(TensorElementType.UInt16)]
    [InlineData(TensorElementType.Int32)]
    [InlineData(TensorElementType.UInt32)]
    [InlineData(TensorElementType.Int64)]
    [InlineData(TensorElementType.UInt64)]
    [InlineData(TensorElementType.Bool)]
    public void Identity_ReturnsTheInputsType_AndItsBits(TensorElementType type)
    {
        Action<TensorElementType> check = type switch
        {
            TensorElementType.Float => RoundTrips<float>,
            TensorElementType.Double => RoundTrips<double>,
            TensorElementType.Float16 => RoundTrips<Half>,
            TensorElementType.BFloat16 => RoundTrips<BFloat16>,
            TensorElementType.Int8 => RoundTrips<sbyte>,
            TensorElementType.UInt8 => RoundTrips<byte>,
            TensorElementType.Int16 => RoundTrips<short>,
            TensorElementType.UInt16 => RoundTrips<ushort>,
            TensorElementType.Int32 => RoundTrips<int>,
            TensorElementType.UInt32 => RoundTrips<uint>,
            TensorElementType.Int64 => RoundTrips<long>,
            TensorElementType.UInt64 => RoundTrips<ulong>,
            TensorElementType.Bool => RoundTrips<bool>,
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        check(type);
    }

    private static void RoundTrips<T>(TensorElementType type) where T : unmanaged
    {
        Assert.Equal(type, DotnetElementTypes.Of<T>());
        using OnnxTensor<T> x = OnnxTensor<T>.FromArray(RandomValues<T>(6, seed: (int)type), 2, 3);
        var inputs = new OnnxTensor[] { x };

        // The output's shape is the input's: pre-allocated by the runtime, or the caller's own for RunInto.
        using (InferenceSession session = Models.Open(ReadyModels.Identity(type, 2, 3)))
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        {
            OnnxTensor[] outputs = model.Run(inputs);
            AssertIdentity(session, x, outputs);
            outputs[0].Dispose();
            using OnnxTensor<T> y = OnnxTensor<T>.Allocate(2, 3);
            model.RunInto(inputs, new OnnxTensor[] { y });
            AssertIdentity(session, x, new OnnxTensor[] { y });
        }

        // The output's dims are named by no input: ONNX Runtime allocates it on the first call, the memo's guess the second.
        using (InferenceSession session = Models.Open(ModelBuilder.Build(
            new[] { ModelBuilder.Tensor("x", type, "rows", "cols") },
            new[] { ModelBuilder.Tensor("y", type, "out_rows", "out_cols") },
            new[] { ModelBuilder.Node("Identity", new[] { "x" }, new[] { "y" }) })))
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        {
            for (int call = 0; call < 2; call++)
            {
                OnnxTensor[] outputs = model.Run(inputs);
                AssertIdentity(session, x, outputs);
                outputs[0].Dispose();
            }
        }
    }

    private static void AssertIdentity<T>(InferenceSession session, OnnxTensor<T> input, OnnxTensor[] outputs) where T : unmanaged
    {
        OnnxTensor<T> output = Assert.IsType<OnnxTensor<T>>(outputs[0]);
        Assert.Equal(input.ElementType, output.ElementType);
        Assert.Equal(input.Shape.ToArray(), output.Shape.ToArray());
        Assert.Equal(PlainRun.BytesOf(input), PlainRun.BytesOf(output));
        PlainRun.AssertSame(session, new OnnxTensor[] { input }, outputs);
    }

    // Random bits (NaNs and infinities included, which an Identity must keep too); a bool holds 0 or 1 only.
    private static T[] RandomValues<T>(int count, int seed) where T : unmanaged
    {
        var values = new T[count];
        Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
        new Random(seed).NextBytes(bytes);
        if (typeof(T) == typeof(bool))
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i % 2 == 0 ? bytes[i] & 1 : 1 - (bytes[i - 1] & 1));
        return values;
    }
}
