using System;
using System.Diagnostics;
using System.IO;
using Xunit;
using Xunit.Abstractions;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// 50,000 calls on each public path must not grow the process: every OrtValue, binding and intermediate
/// tensor is released. Resident memory (VmRSS) is read after a warm-up and after the loop. Runs alone, so
/// other tests' allocations don't show up in its measurement.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ResidentMemoryTests
{
    private const int WindowCalls = 50_000;

    private readonly ITestOutputHelper _output;

    public ResidentMemoryTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [MemberData(nameof(CallPath.All), MemberType = typeof(CallPath))]
    public void FiftyThousandCalls_KeepResidentMemoryFlat(string path)
    {
        // What survives a garbage collection: native memory nothing owns any more. (Disposal itself, which a
        // collection would hide behind finalizers, is counted exactly by NativeLeakTests.)
        using var calls = new CallPath(path);
        void Calls(int count)
        {
            for (int i = 0; i < count; i++) calls.Call();
        }

        Calls(10_000);
        long warm = Settle();
        long managedWarm = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        Calls(WindowCalls);
        watch.Stop();
        long after = Settle();
        long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        double growthMiB = (after - warm) / 1048576.0;
        _output.WriteLine($"{path}: RSS after warm-up {warm / 1048576.0:F1} MiB, after {WindowCalls:N0} calls {after / 1048576.0:F1} MiB (+{growthMiB:F2} MiB), {watch.Elapsed.TotalMilliseconds * 1000 / WindowCalls:F1} µs/call; " +
            $"managed heap {managedWarm / 1024.0:F0} → {managedAfter / 1024.0:F0} KiB");
        // The managed heap holds nothing per call once warm: the runner's arrays are reused, results are the caller's.
        Assert.True(managedAfter - managedWarm < 1 << 20, $"{path}: the managed heap grew by {(managedAfter - managedWarm) / 1024.0:F0} KiB over {WindowCalls:N0} calls");
        Assert.Equal(0, TensorMemory.AdoptedCount);

        // A leak grows with every call: ≥ 84 bytes a call is ≥ 4 MiB per window, in every window.
        // The allocator (glibc arenas, ORT and torch caches) grows in occasional steps that a second
        // window does not repeat, so one window over the bound is confirmed by a second before failing.
        const double BoundMiB = 4;
        if (growthMiB < BoundMiB) return;
        Calls(WindowCalls);
        long second = Settle();
        double secondGrowthMiB = (second - after) / 1048576.0;
        _output.WriteLine($"second window: {second / 1048576.0:F1} MiB (+{secondGrowthMiB:F2} MiB)");
        Assert.True(secondGrowthMiB < BoundMiB,
            $"{path}: resident memory grew by {growthMiB:F2} MiB, then by {secondGrowthMiB:F2} MiB, over two windows of {WindowCalls:N0} calls");
    }

    // glibc keeps freed blocks in its arenas; trimming returns them so RSS shows what is live, not fragmentation.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        MallocTrim(0);
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        throw new InvalidOperationException("no VmRSS in /proc/self/status");
    }
}
