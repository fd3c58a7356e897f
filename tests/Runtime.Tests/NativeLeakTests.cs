using System;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Every native object a call makes is disposed by that call, on every public path, counted exactly rather than
/// through memory (where a finalizer would hide a forgotten <c>Dispose</c>): torch tensors by TorchSharp's per-thread
/// live count. Per thread, so it needs no isolation from tests running beside it.
/// </summary>
public sealed class NativeLeakTests
{
    [Theory]
    [MemberData(nameof(CallPath.All), MemberType = typeof(CallPath))]
    public void EveryCall_DisposesEveryTensorItMakes(string path)
    {
        using var calls = new CallPath(path);
        calls.Call();                                           // first-call work (bindings, caches) is not per call
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 100; i++) calls.Call();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
