using System;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>The device decisions as pure functions, including the CUDA branches that cannot run on this machine.</summary>
public sealed class DevicePlacementTests
{
    private static readonly string[] Names = { "a", "b", "c" };

    [Fact]
    public void CommonDevice_AllOnOneCudaDevice()
    {
        var device = DevicePlacement.CommonDevice(Names, new[] { (DeviceType.CUDA, 1), (DeviceType.CUDA, 1), (DeviceType.CUDA, 1) });
        Assert.Equal((DeviceType.CUDA, 1), device);
    }

    [Fact]
    public void CommonDevice_CpuIndexMinusOneAndZeroAreTheSameDevice() =>
        Assert.Equal((DeviceType.CPU, 0), DevicePlacement.CommonDevice(Names, new[] { (DeviceType.CPU, -1), (DeviceType.CPU, 0), (DeviceType.CPU, -1) }));

    [Fact]
    public void CommonDevice_TwoCudaDevices_NamesTheInputAndBoth()
    {
        var error = Assert.Throws<OnnxInputException>(() =>
            DevicePlacement.CommonDevice(Names, new[] { (DeviceType.CUDA, 0), (DeviceType.CUDA, 0), (DeviceType.CUDA, 1) }));
        Assert.Equal("c", error.InputName);
        Assert.Equal("cuda:0", error.Expected);
        Assert.Equal("cuda:1", error.Actual);
    }

    [Fact]
    public void CommonDevice_CpuAndCuda_NamesTheInputAndBoth()
    {
        var error = Assert.Throws<OnnxInputException>(() =>
            DevicePlacement.CommonDevice(Names, new[] { (DeviceType.CPU, -1), (DeviceType.CUDA, 0) }));
        Assert.Contains("Input 'b' is on cuda:0, but input 'a' is on cpu", error.Message);
    }

    [Fact]
    public void CommonDevice_NoInputs_IsAnError() =>
        Assert.Throws<ArgumentException>(() => DevicePlacement.CommonDevice(Array.Empty<string>(), Array.Empty<(DeviceType, int)>()));

    [Theory]
    [InlineData(DeviceType.CUDA, true)]
    [InlineData(DeviceType.CPU, false)]
    public void SynchronizesStreamsOnlyAroundCudaRuns(DeviceType type, bool expected) =>
        Assert.Equal(expected, DevicePlacement.NeedsStreamSynchronization(type));

    [Fact]
    public void SessionAcceptsCuda_FromProvidersOrMemory()
    {
        Assert.True(DevicePlacement.SessionAcceptsCuda(new[] { "CUDAExecutionProvider" }, Array.Empty<OrtMemoryInfoDeviceType>()));
        Assert.True(DevicePlacement.SessionAcceptsCuda(new[] { "TensorrtExecutionProvider" }, Array.Empty<OrtMemoryInfoDeviceType>()));
        Assert.True(DevicePlacement.SessionAcceptsCuda(new string?[] { null }, new[] { OrtMemoryInfoDeviceType.GPU }));
        Assert.False(DevicePlacement.SessionAcceptsCuda(new[] { "CPUExecutionProvider" }, new[] { OrtMemoryInfoDeviceType.CPU }));
        Assert.False(DevicePlacement.SessionAcceptsCuda(Array.Empty<string>(), new[] { OrtMemoryInfoDeviceType.CPU }));
        // Nothing reported: let ONNX Runtime decide.
        Assert.True(DevicePlacement.SessionAcceptsCuda(new string?[] { null }, Array.Empty<OrtMemoryInfoDeviceType>()));
    }

    [Fact]
    public void CpuSession_ReportsCpuMemoryForInputs_SoCudaInputsWouldBeRefused()
    {
        // The real query the runner makes, on a real CPU session: it must come out "no GPU".
        using InferenceSession session = TestModels.Session(TestModels.Mlp());
        using var infos = session.GetMemoryInfosForInputs();
        var memory = new System.Collections.Generic.List<OrtMemoryInfoDeviceType>();
        foreach (OrtMemoryInfo info in infos) memory.Add(info.GetDeviceType());
        Assert.False(DevicePlacement.SessionAcceptsCuda(Array.Empty<string>(), memory));
    }

    [Fact]
    public void MemoryInfo_CpuIsOrtDefault_CudaIsOnePerDevice()
    {
        Assert.Same(OrtMemoryInfo.DefaultInstance, DevicePlacement.MemoryInfoFor(DeviceType.CPU, -1));
        OrtMemoryInfo cuda1 = DevicePlacement.MemoryInfoFor(DeviceType.CUDA, 1);
        Assert.Same(cuda1, DevicePlacement.MemoryInfoFor(DeviceType.CUDA, 1));
        Assert.Equal(1, cuda1.Id);
        Assert.Equal("Cuda", cuda1.Name);
        Assert.Equal(OrtMemoryInfoDeviceType.GPU, cuda1.GetDeviceType());
    }
}
