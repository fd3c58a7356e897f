using System;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
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
        BufferDevice device = TorchDevices.Common(Names, new[] { (DeviceType.CUDA, 1), (DeviceType.CUDA, 1), (DeviceType.CUDA, 1) });
        Assert.Equal(BufferDevice.Cuda(1), device);
    }

    [Fact]
    public void CommonDevice_CpuIndexMinusOneAndZeroAreTheSameDevice() =>
        Assert.Equal(BufferDevice.Cpu, TorchDevices.Common(Names, new[] { (DeviceType.CPU, -1), (DeviceType.CPU, 0), (DeviceType.CPU, -1) }));

    [Fact]
    public void CommonDevice_TwoCudaDevices_NamesTheInputAndBoth()
    {
        var error = Assert.Throws<OnnxInputException>(() =>
            TorchDevices.Common(Names, new[] { (DeviceType.CUDA, 0), (DeviceType.CUDA, 0), (DeviceType.CUDA, 1) }));
        Assert.Equal("c", error.InputName);
        Assert.Equal("cuda:0", error.Expected);
        Assert.Equal("cuda:1", error.Actual);
    }

    [Fact]
    public void CommonDevice_CpuAndCuda_NamesTheInputAndBoth()
    {
        var error = Assert.Throws<OnnxInputException>(() =>
            TorchDevices.Common(Names, new[] { (DeviceType.CPU, -1), (DeviceType.CUDA, 0) }));
        Assert.Contains("Input 'b' is on cuda:0, but input 'a' is on cpu", error.Message);
    }

    [Fact]
    public void CommonDevice_NoInputs_IsAnError() =>
        Assert.Throws<ArgumentException>(() => TorchDevices.Common(Array.Empty<string>(), Array.Empty<(DeviceType, int)>()));

    [Fact]
    public void CommonDevice_MetaTensors_AreRefusedAsUnbindable()
    {
        var error = Assert.Throws<OnnxInputException>(() => TorchDevices.Common(Names, new[] { (DeviceType.META, 0) }));
        Assert.Equal("meta:0", error.Actual);
    }

    [Fact]
    public void SynchronizesStreamsOnlyAroundCudaRuns()
    {
        Assert.True(TorchFrontEnd.WaitsForTorchBeforeBinding(BufferDevice.Cuda(1)));
        Assert.False(TorchFrontEnd.WaitsForTorchBeforeBinding(BufferDevice.Cpu));
    }

    [Fact]
    public void TorchAndCoreDevices_RoundTrip()
    {
        Assert.Equal(BufferDevice.Cuda(0), new torch.Device(DeviceType.CUDA, -1).ToBufferDevice());
        Assert.Equal(BufferDevice.Cuda(2), new torch.Device(DeviceType.CUDA, 2).ToBufferDevice());
        Assert.Equal(BufferDevice.Cpu, torch.CPU.ToBufferDevice());
        Assert.Equal("cuda:2", BufferDevice.Cuda(2).ToTorch().ToString());
        Assert.Equal(DeviceType.CPU, BufferDevice.Cpu.ToTorch().type);
        Assert.Throws<NotSupportedException>(() => torch.META.ToBufferDevice());
    }

    [Fact]
    public void SessionAcceptsCuda_FromProvidersOrMemory()
    {
        Assert.True(CudaInputs.Decide(null, new[] { "CUDAExecutionProvider" }, Array.Empty<OrtMemoryInfoDeviceType>()));
        Assert.True(CudaInputs.Decide(null, new[] { "TensorrtExecutionProvider" }, Array.Empty<OrtMemoryInfoDeviceType>()));
        Assert.True(CudaInputs.Decide(null, new string?[] { null }, new[] { OrtMemoryInfoDeviceType.GPU }));
        Assert.False(CudaInputs.Decide(null, new[] { "CPUExecutionProvider" }, new[] { OrtMemoryInfoDeviceType.CPU }));
        Assert.False(CudaInputs.Decide(null, Array.Empty<string>(), new[] { OrtMemoryInfoDeviceType.CPU }));
        // Nothing reported: let ONNX Runtime decide.
        Assert.True(CudaInputs.Decide(null, new string?[] { null }, Array.Empty<OrtMemoryInfoDeviceType>()));
    }

    [Fact]
    public void CpuSession_ReportsCpuMemoryForInputs_SoCudaInputsWouldBeRefused()
    {
        // The real query the runner makes, on a real CPU session: it must come out "no GPU".
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        using var infos = session.GetMemoryInfosForInputs();
        var memory = new System.Collections.Generic.List<OrtMemoryInfoDeviceType>();
        foreach (OrtMemoryInfo info in infos) memory.Add(info.GetDeviceType());
        Assert.False(CudaInputs.Decide(null, Array.Empty<string>(), memory));
    }

    [Fact]
    public void MemoryInfo_CpuIsOrtDefault_CudaIsOnePerDevice()
    {
        Assert.Same(OrtMemoryInfo.DefaultInstance, MemoryInfos.For(BufferDevice.Cpu));
        OrtMemoryInfo cuda1 = MemoryInfos.For(BufferDevice.Cuda(1));
        Assert.Same(cuda1, MemoryInfos.For(BufferDevice.Cuda(1)));
        Assert.Equal(1, cuda1.Id);
        Assert.Equal("Cuda", cuda1.Name);
        Assert.Equal(OrtMemoryInfoDeviceType.GPU, cuda1.GetDeviceType());
    }
}
