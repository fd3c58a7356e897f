using System;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// Copies the values of a typed tensor between memories, as <see cref="DeviceTensorOrdering"/> decides: host to host as
/// a plain memory copy, anything touching a CUDA device through ONNX Runtime's data transfer (<c>OrtEnv.CopyTensors</c>,
/// given no stream), which is complete when it returns. The caller keeps both memories valid for the call (pinned).
/// </summary>
internal static unsafe class TensorCopies
{
    /// <summary>
    /// Copies <paramref name="elementCount"/> elements of <paramref name="elementType"/> from <paramref name="source"/> on
    /// <paramref name="from"/> to <paramref name="destination"/> on <paramref name="to"/>.
    /// </summary>
    public static void Copy(IntPtr source, BufferDevice from, IntPtr destination, BufferDevice to, TensorElementType elementType, long elementCount)
    {
        long bytes = ElementTypes.ByteCount(elementType, elementCount);
        if (bytes == 0 || (source == destination && from == to)) return;
        CopyRoute route = DeviceTensorOrdering.Route(from, to);
        if (DeviceTensorOrdering.StreamOf(route) == CopyStream.CallingThread)
        {
            Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);
            return;
        }
        if (DeviceTensorOrdering.NeedsCudaDataTransfer(route)) CudaDataTransfer.EnsureRegistered();
        ThroughOnnxRuntime(source, from, destination, to, elementType, elementCount, bytes);
    }

    /// <summary>
    /// One copy through <c>OrtEnv.CopyTensors</c> with no stream, over OrtValues that describe the two memories (owned here,
    /// recorded in the <see cref="NativeLedger"/>). Returns when the copy is done (<see cref="DeviceTensorOrdering.WaitsAfterCopy"/>).
    /// </summary>
    internal static void ThroughOnnxRuntime(IntPtr source, BufferDevice from, IntPtr destination, BufferDevice to,
        TensorElementType elementType, long elementCount, long bytes)
    {
        long[] shape = { elementCount };
        OrtValue? sourceValue = null, destinationValue = null;
        try
        {
            sourceValue = NativeLedger.Owned(OrtValue.CreateTensorValueWithData(MemoryInfos.For(from), elementType, shape, source, bytes));
            destinationValue = NativeLedger.Owned(OrtValue.CreateTensorValueWithData(MemoryInfos.For(to), elementType, shape, destination, bytes));
            OrtEnv.Instance().CopyTensors(new[] { sourceValue }, new[] { destinationValue }, null);
        }
        finally
        {
            if (destinationValue is not null) NativeLedger.Release(destinationValue);
            if (sourceValue is not null) NativeLedger.Release(sourceValue);
        }
    }
}
