using System;
using System.Runtime.InteropServices;

namespace OnnxTyped.Benchmarks.Pieces;

/// <summary>The LibTorchSharp export the pieces need beyond the runtime's own imports: freeing a tensor handle without a TorchSharp wrapper.</summary>
internal static class TorchImports
{
    // void THSTensor_dispose(const Tensor tensor)
    [DllImport("LibTorchSharp")]
    internal static extern void THSTensor_dispose(IntPtr tensor);
}
