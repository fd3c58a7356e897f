using System;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Shapes too large to hold (issue 25, M2): a bare OverflowException named nothing; the error names the shape, and
/// nothing is allocated.
/// </summary>
public sealed class TypedTensorShapeTests
{
    [Fact]
    public void ShapeWhoseElementCountOverflows_IsRefusedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxTensor<float>.Allocate(long.MaxValue, 2));
        Assert.Contains("The shape [9223372036854775807, 2] holds more elements than a 64-bit count", error.Message);
        Assert.Equal("shape", error.ParamName);
        Assert.Throws<ArgumentException>(() => OnnxTensor<float>.FromArray(new float[1], 1L << 40, 1L << 40));
    }

    [Fact]
    public void ShapeWhoseByteCountOverflows_IsRefusedNamingItAndTheElementSize()
    {
        // 2^62 elements count fine; 2^62 doubles are 2^65 bytes.
        var error = Assert.Throws<ArgumentException>(() => OnnxTensor<double>.Allocate(1L << 62));
        Assert.Contains("The shape [4611686018427387904] holds 4611686018427387904 elements of 8 byte(s)", error.Message);
        Assert.Equal("shape", error.ParamName);
    }

    [Fact]
    public void LargestShapesThatFit_StillCountRight()
    {
        using OnnxTensor<byte> empty = OnnxTensor<byte>.Allocate(long.MaxValue, 0); // empty: no element, no byte
        Assert.Equal(0, empty.ElementCount);
        using OnnxTensor<float> small = OnnxTensor<float>.Allocate(3, 4);
        Assert.Equal(12, small.ElementCount);
    }
}
