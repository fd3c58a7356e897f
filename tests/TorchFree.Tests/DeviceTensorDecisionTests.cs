using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// The decisions behind device-resident typed tensors as pure functions (no GPU reaches this project; docs/cuda.md,
/// "Device-resident typed tensors"): where they live, where outputs come back, how a copy runs and when the host waits.
/// </summary>
public sealed class DeviceTensorDecisionTests
{
    [Fact]
    public void TheSessionsDevice_IsTheCudaDeviceItRunsOn_ElseTheHost()
    {
        Assert.Equal(BufferDevice.Cpu, DeviceTensorOrdering.SessionDevice(null));
        Assert.Equal(BufferDevice.Cuda(0), DeviceTensorOrdering.SessionDevice(0));
        Assert.Equal(BufferDevice.Cuda(1), DeviceTensorOrdering.SessionDevice(1));
    }

    [Fact]
    public void APlansDevice_FollowsWhereTheSessionReadsItsInputs()
    {
        using InferenceSession session = Models.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        var onCuda1 = new SessionPlan(session, ModelSignature.Of(session), new SessionInputs(new BufferDevice?[] { BufferDevice.Cuda(1) }, acceptsCuda: true, cudaDevice: 1));
        Assert.Equal(BufferDevice.Cuda(1), onCuda1.Device);
        Assert.Equal(BufferDevice.Cpu, new SessionPlan(session, ModelSignature.Of(session)).Device); // a real CPU session
    }

    [Fact]
    public void Outputs_ComeBackOnTheSessionsDevice_OnlyWhenAskedFor()
    {
        Assert.Equal(BufferDevice.Cuda(0), DeviceTensorOrdering.OutputDevice(outputsOnDevice: true, BufferDevice.Cuda(0)));
        Assert.Equal(BufferDevice.Cpu, DeviceTensorOrdering.OutputDevice(outputsOnDevice: false, BufferDevice.Cuda(0)));
        Assert.Equal(BufferDevice.Cpu, DeviceTensorOrdering.OutputDevice(outputsOnDevice: true, BufferDevice.Cpu));
    }

    [Fact]
    public void ACopysRoute_FollowsBothDevices()
    {
        Assert.Equal(CopyRoute.HostToHost, DeviceTensorOrdering.Route(BufferDevice.Cpu, BufferDevice.Cpu));
        Assert.Equal(CopyRoute.HostToDevice, DeviceTensorOrdering.Route(BufferDevice.Cpu, BufferDevice.Cuda(0)));
        Assert.Equal(CopyRoute.DeviceToHost, DeviceTensorOrdering.Route(BufferDevice.Cuda(1), BufferDevice.Cpu));
        Assert.Equal(CopyRoute.DeviceToDevice, DeviceTensorOrdering.Route(BufferDevice.Cuda(0), BufferDevice.Cuda(1)));
    }

    [Fact]
    public void HostToHost_IsAPlainCopyOnTheCallingThread_EverythingElseOnnxRuntimesTransferOnTheLegacyStream()
    {
        Assert.Equal(CopyStream.CallingThread, DeviceTensorOrdering.StreamOf(CopyRoute.HostToHost));
        Assert.False(DeviceTensorOrdering.NeedsCudaDataTransfer(CopyRoute.HostToHost));
        foreach (CopyRoute route in new[] { CopyRoute.HostToDevice, CopyRoute.DeviceToHost, CopyRoute.DeviceToDevice })
        {
            Assert.Equal(CopyStream.CudaLegacyDefault, DeviceTensorOrdering.StreamOf(route));
            Assert.True(DeviceTensorOrdering.NeedsCudaDataTransfer(route));
        }
    }

    [Fact]
    public void ACopy_IsWaitedForAfterItReturns_OnlyWhenQueuedOnAStreamPassedIn()
    {
        // This runtime passes no stream: ONNX Runtime's CUDA transfer synchronizes before returning, so the pins end there.
        Assert.False(DeviceTensorOrdering.WaitsAfterCopy(CopyStream.CudaLegacyDefault, syncStreamGiven: false));
        Assert.True(DeviceTensorOrdering.WaitsAfterCopy(CopyStream.CudaLegacyDefault, syncStreamGiven: true));
        Assert.False(DeviceTensorOrdering.WaitsAfterCopy(CopyStream.CallingThread, syncStreamGiven: true));
    }

    [Fact]
    public void AFailedRun_IsWaitedFor_OnlyWhenItBoundCudaMemory()
    {
        Assert.True(DeviceTensorOrdering.WaitsAfterFailedRun(boundCudaMemory: true));
        Assert.False(DeviceTensorOrdering.WaitsAfterFailedRun(boundCudaMemory: false));
    }

    [Fact]
    public void TheCudaProviderLibrary_IsNamedAsOnnxRuntimesGpuBuildShipsIt()
    {
        Assert.Equal("libonnxruntime_providers_cuda.so", CudaDataTransfer.LibraryFileName(windows: false));
        Assert.Equal("onnxruntime_providers_cuda.dll", CudaDataTransfer.LibraryFileName(windows: true));
    }
}
