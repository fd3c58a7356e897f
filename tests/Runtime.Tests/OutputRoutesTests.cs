using System;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// How each output reaches the caller (<see cref="OutputRoutes"/>): the route per device and shape knowledge, the size
/// limit of handing ONNX Runtime's memory over, and the address handed over, on real OrtValues.
/// </summary>
public sealed class OutputRoutesTests
{
    [Theory]
    [InlineData(false, true, nameof(OutputRoute.PreAllocated))]          // shape known: allocated by us, bound by address
    [InlineData(true, true, nameof(OutputRoute.PreAllocated))]
    [InlineData(false, false, nameof(OutputRoute.AdoptedWithoutCopy))]  // host memory ONNX Runtime allocated: adopted as it is
    [InlineData(true, false, nameof(OutputRoute.CopiedOnDevice))]       // device memory ONNX Runtime allocated: copied on the device
    public void RouteFollowsTheDeviceAndWhetherTheShapeIsKnown(bool cuda, bool shapeKnown, string expected) => // by name: the enum is internal
        Assert.Equal(expected, TorchOutputRoutes.Choose(cuda ? BufferDevice.Cuda(0) : BufferDevice.Cpu, shapeKnown).ToString());

    [Theory]
    [InlineData(false, true)]   // a CPU session: the memo's shape is checked by ONNX Runtime on the output it writes
    [InlineData(true, false)]   // a GPU session: a copy across devices checks only the element count (N5)
    public void RememberedShapesArePreAllocatedOnlyWhereOnnxRuntimeChecksThem(bool sessionTakesCuda, bool expected) =>
        Assert.Equal(expected, OutputRoutes.MayPreAllocateFromMemo(sessionTakesCuda));

    [Theory]
    [InlineData(0L, true)]
    [InlineData(int.MaxValue, true)]               // the largest a span can address
    [InlineData(int.MaxValue + 1L, false)]
    [InlineData(long.MaxValue, false)]
    public void HandOverStopsWhereASpanCannotAddress(long bytes, bool expected) =>
        Assert.Equal(expected, OutputRoutes.CanHandOver(bytes));

    [Fact]
    public void HandedOverMemoryIsTheValuesOwnAddressAndSize()
    {
        float[] data = { 1, 2, 3, 4, 5, 6 };
        GCHandle pin = GCHandle.Alloc(data, GCHandleType.Pinned);
        try
        {
            using OrtValue value = OrtValue.CreateTensorValueFromMemory(data, new long[] { 2, 3 });
            Assert.Equal(pin.AddrOfPinnedObject(), OutputRoutes.AddressOf(value));
            Assert.Equal(data.Length * sizeof(float), OutputRoutes.HandOverBytes(value, "y", "remedy"));
        }
        finally
        {
            pin.Free();
        }
    }

    [Fact]
    public void EmptyOutputHasNoAddress()
    {
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), new long[] { 0, 3 });
        Assert.Equal(IntPtr.Zero, OutputRoutes.AddressOf(value));
        Assert.Equal(0, OutputRoutes.HandOverBytes(value, "y", "remedy"));
    }
}
