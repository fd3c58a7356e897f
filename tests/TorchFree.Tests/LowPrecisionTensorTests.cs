using System;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// <see cref="OnnxTensor{T}"/> over the float8 and int4/uint4 types, and every byte count the runtime takes from a
/// tensor of them: one byte per float8 element, ceil(count / 2) bytes for int4/uint4 (two to a byte, the first in the
/// low nibble), and batching that refuses int4 rows ending mid-byte. These run no model (ONNX Runtime's C# API opens no
/// session with such inputs or outputs, <see cref="OrtCSharpLimitTests"/>): each piece of a call is driven directly.
/// </summary>
public sealed class LowPrecisionTensorTests
{
    private static readonly TensorElementType Int4 = (TensorElementType)22, UInt4 = (TensorElementType)21;

    [Fact]
    public void EachType_IsOneByteValues_NamedAsOnnxNamesIt()
    {
        Check<Float8E4M3FN>(17, "float8e4m3fn", "Float8E4M3FN");
        Check<Float8E4M3FNUZ>(18, "float8e4m3fnuz", "Float8E4M3FNUZ");
        Check<Float8E5M2>(19, "float8e5m2", "Float8E5M2");
        Check<Float8E5M2FNUZ>(20, "float8e5m2fnuz", "Float8E5M2FNUZ");
        Check<UInt4x2>(21, "uint4", "UInt4x2");
        Check<Int4x2>(22, "int4", "Int4x2");

        static unsafe void Check<T>(int number, string onnxName, string dotnetName) where T : unmanaged
        {
            var type = (TensorElementType)number;
            Assert.Equal(type, DotnetElementTypes.Of<T>());
            Assert.Equal(onnxName, ElementTypes.OnnxName(type));
            Assert.Equal(dotnetName, DotnetElementTypes.DotnetName(type));
            Assert.Equal(1, sizeof(T));
            using OnnxTensor<T> tensor = OnnxTensor<T>.Allocate(3, 5);
            Assert.Equal(onnxName + " [3, 5]", tensor.ToString());
            Assert.Equal(15, tensor.ElementCount);
            Assert.Equal(number >= 21 ? 8 : 15, tensor.Span.Length);
            Assert.All(MemoryMarshal.AsBytes(tensor.Span).ToArray(), b => Assert.Equal(0, b));
            using OnnxTensor over = DotnetElementTypes.Over(type, NativeTensorMemory.Allocate(8, zeroed: true), new long[] { 3, 5 }, BufferDevice.Cpu);
            Assert.IsType<OnnxTensor<T>>(over);
        }
    }

    [Theory]
    [InlineData(22, 0, 0L)]
    [InlineData(22, 1, 1L)]
    [InlineData(22, 5, 3L)]
    [InlineData(21, 6, 3L)]
    [InlineData(21, 7, 4L)]
    [InlineData(17, 7, 7L)]
    [InlineData(20, 7, 7L)]
    [InlineData(1, 7, 28L)]
    public void ByteCount_IsCeilHalfForInt4_AndElementsTimesSizeOtherwise(int type, int count, long bytes)
    {
        Assert.Equal(bytes, ElementTypes.ByteCount((TensorElementType)type, count));
        Assert.Equal(bytes, new TensorBuffer(IntPtr.Zero, new long[] { count }, (TensorElementType)type, BufferDevice.Cpu).ByteCount);
    }

    [Fact]
    public void FromArray_Int4_TakesCeilHalfAsManyPairs_AndSaysSoOtherwise()
    {
        using (OnnxTensor<Int4x2> odd = OnnxTensor<Int4x2>.FromArray(new Int4x2[3], 5))
        {
            Assert.Equal(5, odd.ElementCount);
            Assert.Equal(3, odd.Span.Length);
        }
        foreach (int pairs in new[] { 2, 5 })
        {
            var error = Assert.Throws<ArgumentException>(() => OnnxTensor<Int4x2>.FromArray(new Int4x2[pairs], 5));
            Assert.Contains("holds 5 int4 element(s), packed two to a byte in 3 Int4x2 pair(s)", error.Message, StringComparison.Ordinal);
            Assert.Contains($"the memory holds {pairs} pair(s)", error.Message, StringComparison.Ordinal);
        }
        Assert.Throws<ArgumentException>(() => OnnxTensor<UInt4x2>.FromArray(new UInt4x2[2], 2, 3));
        using OnnxTensor<UInt4x2> even = OnnxTensor<UInt4x2>.FromArray(new UInt4x2[3], 2, 3);
        Assert.Equal(3, even.Span.Length);
        using OnnxTensor<Float8E5M2> float8 = OnnxTensor<Float8E5M2>.FromArray(new Float8E5M2[5], 5);
        Assert.Equal(5, float8.Span.Length);
    }

    [Fact]
    public void DenseTensors_CannotHoldPackedPairs()
    {
        using OnnxTensor<Int4x2> tensor = OnnxTensor<Int4x2>.Allocate(4);
        Assert.Throws<NotSupportedException>(() => tensor.ToDenseTensor());
        Assert.Throws<NotSupportedException>(() => OnnxTensor<UInt4x2>.FromDenseTensor(new DenseTensor<UInt4x2>(new[] { 2 })));
        using OnnxTensor<Float8E4M3FN> float8 = OnnxTensor<Float8E4M3FN>.FromDenseTensor(new DenseTensor<Float8E4M3FN>(new[] { 2 }));
        Assert.Equal(2, float8.ToDenseTensor().Length);
    }

    [Fact]
    public void NewOutput_Int4_HoldsCeilHalfPairs()
    {
        var declared = new TensorSignature("y", Int4, Dim.Symbolic("n"));
        // A session of another model carries the plan: NewOutput reads only the declaration it is given.
        using InferenceSession session = Models.Open(ReadyModels.Identity(TensorElementType.Float, 1));
        var frontEnd = new OnnxTensorFrontEnd(new SessionPlan(session, new ModelSignature(Array.Empty<TensorSignature>(), new[] { declared })), deviceMemory: null);
        using var blocks = new OutputBlockPool(1);
        using OnnxTensor output = frontEnd.NewOutput(0, new long[] { 7 }, declared, BufferDevice.Cpu, blocks);
        Assert.Equal(4, Assert.IsType<OnnxTensor<Int4x2>>(output).Span.Length);
        Assert.Equal("output 'y' (int4 [7])", output.ToString());
    }

    [Fact]
    public void HandOverBytes_OfAnOrtAllocatedInt4_IsCeilHalf()
    {
        // An output ONNX Runtime allocates (its shape known only after the run) is sized by ONNX Runtime: ceil(count / 2)
        // bytes for int4, as ByteCount says. (Its address cannot be read through the C# API yet, OrtCSharpLimitTests.)
        using OrtValue value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, Int4, new long[] { 5 });
        Assert.Equal(3, OutputRoutes.HandOverBytes(value, "y", ""));
        Assert.Equal(ElementTypes.ByteCount(Int4, 5), OutputRoutes.HandOverBytes(value, "y", ""));
    }

    [Fact]
    public void BatchRows_OfInt4_AreCutAndJoinedAtByteBoundaries()
    {
        var declared = new TensorSignature("x", Int4, Dim.Symbolic("batch"), Dim.Fixed(4));
        var values = new sbyte[12];
        for (int i = 0; i < values.Length; i++) values[i] = (sbyte)(i - 6);
        var pairs = new Int4x2[6];
        Int4x2.Pack(values, pairs);
        using OnnxTensor<Int4x2> input = OnnxTensor<Int4x2>.FromArray(pairs, 3, 4);

        // Rows 1 and 2, and one row of padding: pairs 2..5, then two zero pairs.
        using OnnxTensor cut = HostRows.Cut(input, new long[] { 3, 4 }, declared, start: 1, rows: 2, padding: 1);
        Assert.Equal(new long[] { 3, 4 }, cut.Shape.ToArray());
        Assert.Equal(new[] { pairs[2], pairs[3], pairs[4], pairs[5], default, default }, ((OnnxTensor<Int4x2>)cut).ToArray());

        using OnnxTensor joined = HostRows.Join(new OnnxTensor[] { input, cut }, new[] { new long[] { 3, 4 }, new long[] { 3, 4 } }, new long[] { 1, 2 }, declared);
        Assert.Equal(new[] { pairs[0], pairs[1], pairs[2], pairs[3], pairs[4], pairs[5] }, ((OnnxTensor<Int4x2>)joined).ToArray());
    }

    [Fact]
    public void BatchRows_OfInt4_EndingMidByte_AreRefusedByName()
    {
        var declared = new TensorSignature("tokens", UInt4, Dim.Symbolic("batch"), Dim.Fixed(3));
        using OnnxTensor<UInt4x2> input = OnnxTensor<UInt4x2>.FromArray(new UInt4x2[5], 3, 3);
        var error = Assert.Throws<OnnxInputException>(() => HostRows.Cut(input, new long[] { 3, 3 }, declared, 0, 2, 0).Dispose());
        Assert.Equal("tokens", error.InputName);
        Assert.Contains("Input 'tokens' is uint4 of shape [3, 3]: each row along dimension 0 holds 3 elements", error.Message, StringComparison.Ordinal);
        var joinError = Assert.Throws<InvalidOperationException>(() =>
            HostRows.Join(new OnnxTensor[] { input }, new[] { new long[] { 3, 3 } }, new long[] { 3 }, declared).Dispose());
        Assert.Contains("Output 'tokens' is uint4", joinError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public unsafe void MicroBatchRows_OfInt4_AreCopiedAsWholeBytes_AndRefusedMidByte()
    {
        // Two requests of shape [2, 1, 2] along axis 0: each row one byte.
        byte[] first = { 0x21, 0x43 }, second = { 0x65, 0x87 }, batch = new byte[4];
        fixed (byte* a = first, b = second, gathered = batch)
        {
            RowBlocks.Gather((IntPtr)a, 2, new long[] { 2, 1, 2 }, 0, Int4, (IntPtr)gathered, 4, 0);
            RowBlocks.Gather((IntPtr)b, 2, new long[] { 2, 1, 2 }, 0, Int4, (IntPtr)gathered, 4, 2);
            Assert.Equal(new byte[] { 0x21, 0x43, 0x65, 0x87 }, batch);
            IntPtr source = (IntPtr)a, target = (IntPtr)gathered;
            Assert.Throws<InvalidOperationException>(() => RowBlocks.Gather(source, 2, new long[] { 2, 1, 1 }, 0, Int4, target, 4, 0));
        }
        var declared = new TensorSignature("x", Int4, Dim.Symbolic("batch"), Dim.Fixed(3));
        Assert.False(PackedRows.AtByteBoundaries(declared, PackedRows.RowElements(new long[] { 5, 3 }, 0)));
        Assert.True(PackedRows.AtByteBoundaries(declared, PackedRows.RowElements(new long[] { 5, 3, 2 }, 0)));
        Assert.True(PackedRows.AtByteBoundaries(new TensorSignature("f", (TensorElementType)17, Dim.Fixed(3)), 3));
    }
}
