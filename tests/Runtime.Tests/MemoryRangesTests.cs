using System;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>The address arithmetic of the overlap check (<see cref="MemoryRanges"/>), at each edge.</summary>
public sealed class MemoryRangesTests
{
    [Theory]
    [InlineData(1000, 8, 1000, 8, true)]    // the same bytes
    [InlineData(1000, 8, 1007, 8, true)]    // the last byte of one is the first of the other
    [InlineData(1000, 8, 1008, 8, false)]   // side by side
    [InlineData(1008, 8, 1000, 8, false)]   // side by side, the other way round
    [InlineData(1000, 64, 1016, 8, true)]   // one inside the other
    [InlineData(1000, 0, 1000, 8, false)]   // an empty range shares nothing, even at the same address
    [InlineData(0, 0, 0, 0, false)]
    public void OverlapMeansSharingAByte(long a, long aBytes, long b, long bBytes, bool expected)
    {
        Assert.Equal(expected, MemoryRanges.Overlap((IntPtr)a, aBytes, (IntPtr)b, bBytes));
        Assert.Equal(expected, MemoryRanges.Overlap((IntPtr)b, bBytes, (IntPtr)a, aBytes));
    }

    [Fact]
    public void RangesHighInTheAddressSpaceDoNotWrapAround()
    {
        var high = new IntPtr(long.MaxValue - 15);
        Assert.True(MemoryRanges.Overlap(high, 16, high + 8, 4));
        Assert.False(MemoryRanges.Overlap(high, 8, high + 8, 8));
    }
}
