using System;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary><see cref="OnnxTensor{T}"/> over the caller's memory: the memory must hold exactly the shape's elements.</summary>
public sealed class OnnxTensorTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void MemoryOfAnotherLengthThanTheShape_IsRefused_NamingTheShapeAndBothCounts(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxTensor<float>.FromMemory(new float[length], 2, 3));
        AssertNames(error, length);
        error = Assert.Throws<ArgumentException>(() => OnnxTensor<long>.FromArray(new long[length], 2, 3));
        AssertNames(error, length);
    }

    private static void AssertNames(ArgumentException error, int length)
    {
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("6 element", error.Message);
        Assert.Contains("holds " + length, error.Message);
    }
}
