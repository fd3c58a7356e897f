namespace OnnxTyped;

/// <summary>
/// <see cref="System.Runtime.InteropServices.NativeMemory"/>'s aligned blocks, each allocation and free recorded in the
/// <see cref="NativeLedger"/>, so a test can check that every block a tensor or a runner held was freed exactly once.
/// The files that hold blocks (<c>NativeTensorMemory</c>, <c>OutputBlockPool</c>) alias it as <c>NativeMemory</c>: every
/// allocation and free they write is counted, and none can be added that is not.
/// </summary>
internal static unsafe class LedgeredNativeMemory
{
    public static void* AlignedAlloc(nuint byteCount, nuint alignment)
    {
        void* block = System.Runtime.InteropServices.NativeMemory.AlignedAlloc(byteCount, alignment);
        NativeLedger.BlockAllocated();
        return block;
    }

    public static void AlignedFree(void* ptr)
    {
        System.Runtime.InteropServices.NativeMemory.AlignedFree(ptr);
        if (ptr != null) NativeLedger.BlockFreed();
    }

    public static void Clear(void* ptr, nuint byteCount) => System.Runtime.InteropServices.NativeMemory.Clear(ptr, byteCount);
}
