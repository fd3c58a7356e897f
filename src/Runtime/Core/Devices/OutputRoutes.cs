using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// What ONNX Runtime allows of outputs, for every front-end: when a remembered shape may pre-allocate one, and which
/// outputs it allocated can be handed over (and where their memory is).
/// </summary>
internal static class OutputRoutes
{
    /// <summary>ONNX Runtime 1.31's C# API addresses tensor memory through a span whose length is a 32-bit byte count.</summary>
    public const long MaxAddressableBytes = int.MaxValue;

    /// <summary>
    /// Whether an output may be pre-allocated with a shape the memo remembers (<see cref="OutputShapeMemo"/>), on a session
    /// that takes CUDA inputs (<paramref name="sessionTakesCuda"/>) or not. Not on a GPU session (review finding N5): where
    /// ONNX Runtime copies an output across devices (an output bound in host memory, or one a CPU kernel produces) it checks
    /// only the element count, so a remembered shape with the right count and the wrong dimensions would pass silently.
    /// There ONNX Runtime allocates such outputs, as it reports their shapes; derived and given shapes are exact and stay.
    /// </summary>
    public static bool MayPreAllocateFromMemo(bool sessionTakesCuda) => !sessionTakesCuda;

    /// <summary>
    /// Whether an ONNX Runtime-allocated output of <paramref name="bytes"/> can be handed over: its address is read through
    /// <c>GetTensorMutableRawData</c>, whose span length is an unchecked 32-bit cast of the byte count (2 to 4 GiB throws,
    /// an exact multiple of 4 GiB reads as empty).
    /// </summary>
    public static bool CanHandOver(long bytes) => bytes <= MaxAddressableBytes;

    /// <summary>
    /// The size in bytes of an output ONNX Runtime allocated, checked with <see cref="CanHandOver"/>: an output too large
    /// to address throws <see cref="NotSupportedException"/> naming <paramref name="outputName"/> and ending with
    /// <paramref name="remedy"/>, what the front-end's caller can do instead.
    /// </summary>
    public static long HandOverBytes(OrtValue value, string outputName, string remedy)
    {
        long bytes = value.GetTensorSizeInBytes();
        if (!CanHandOver(bytes))
            throw new NotSupportedException(
                $"Output '{outputName}' is {bytes} bytes, larger than ONNX Runtime's C# API can address (2 GiB, a 32-bit span length). " + remedy);
        return bytes;
    }

    /// <summary>
    /// The address of an OrtValue's tensor memory (zero when empty). The span is only a (pointer, length) pair: ONNX
    /// Runtime documents it may point at device memory; it is never read here.
    /// </summary>
    public static unsafe IntPtr AddressOf(OrtValue value)
    {
        Span<byte> bytes = value.GetTensorMutableRawData();
        return bytes.IsEmpty ? IntPtr.Zero : (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes));
    }
}
