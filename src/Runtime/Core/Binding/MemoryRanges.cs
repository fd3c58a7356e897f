using System;

namespace OnnxTyped;

/// <summary>Address arithmetic for the overlap check of caller-owned memory (<see cref="IoBindingRunner.EnsureOutputsOwnTheirMemory"/>).</summary>
internal static class MemoryRanges
{
    /// <summary>
    /// Whether [<paramref name="a"/>, a + <paramref name="aBytes"/>) and [<paramref name="b"/>, b + <paramref name="bBytes"/>)
    /// share a byte. An empty range shares none, wherever it points.
    /// </summary>
    public static bool Overlap(IntPtr a, long aBytes, IntPtr b, long bBytes)
    {
        if (aBytes <= 0 || bBytes <= 0) return false;
        ulong start1 = (ulong)(long)a, start2 = (ulong)(long)b;
        return start1 < start2 + (ulong)bBytes && start2 < start1 + (ulong)aBytes;
    }
}
