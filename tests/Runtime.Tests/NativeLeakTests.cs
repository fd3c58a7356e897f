using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Every native object a call makes is disposed by that call, on every public path, counted exactly rather than
/// through memory (where a finalizer would hide a forgotten <c>Dispose</c>): torch tensors by TorchSharp's per-thread
/// live count, OrtValues and IO bindings by the runtime's <see cref="NativeLedger"/>. The ledger is process-wide, so
/// these run apart from other tests.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class NativeLeakTests
{
    private const int Calls = 100;

    [Theory]
    [MemberData(nameof(CallPath.All), MemberType = typeof(CallPath))]
    public void EveryCall_DisposesEveryTensorItMakes(string path)
    {
        using var calls = new CallPath(path);
        calls.Call();                                           // first-call work (bindings, caches) is not per call
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < Calls; i++) calls.Call();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Theory]
    [MemberData(nameof(CallPath.All), MemberType = typeof(CallPath))]
    public void EveryCall_ReleasesEveryOrtValueAndBindingItMakes(string path)
    {
        // Relative counts: a test elsewhere may still hold a session of its own; nothing else runs meanwhile.
        long valuesAtStart = NativeLedger.LiveValues, bindingsAtStart = NativeLedger.LiveBindings;
        using (var calls = new CallPath(path))
        {
            calls.Call();                                       // inputs stay bound to the cached binding after a call,
            calls.Call();                                       // and from the second, outputs the memo pre-allocates
            long valuesBefore = NativeLedger.LiveValues, bindingsBefore = NativeLedger.LiveBindings;
            for (int i = 0; i < Calls; i++) calls.Call();
            Assert.Equal(valuesBefore, NativeLedger.LiveValues);
            Assert.Equal(bindingsBefore, NativeLedger.LiveBindings);
        }
        Assert.Equal(valuesAtStart, NativeLedger.LiveValues);   // disposing the session's owner releases what stayed bound
        Assert.Equal(bindingsAtStart, NativeLedger.LiveBindings);
    }
}
