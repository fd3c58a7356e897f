using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// The CUDA path's decisions as pure functions (no GPU reaches this project; see docs/cuda.md), and what a real CPU
/// session reports for them.
/// </summary>
public sealed class CudaDecisionTests
{
    public static IEnumerable<object?[]> Residency() => new[]
    {
        new object?[] { BufferDevice.Cpu, BufferDevice.Cpu, true },             // CPU tensor, CPU kernel: read in place
        new object?[] { BufferDevice.Cuda(0), BufferDevice.Cuda(0), true },     // CUDA tensor, CUDA kernel on its device
        new object?[] { BufferDevice.Cpu, BufferDevice.Cuda(0), false },        // CPU tensor on a GPU session: copied to the device at bind
        new object?[] { BufferDevice.Cuda(0), BufferDevice.Cpu, false },        // read on the CPU (a shape input, Silero's sr): copied to the host
        new object?[] { BufferDevice.Cuda(1), BufferDevice.Cuda(0), false },    // cuda:1 tensor on a device-0 session: copied across devices
        new object?[] { BufferDevice.Cpu, null, false },                        // the session did not say: bound afresh every call
    };

    [Theory]
    [MemberData(nameof(Residency))]
    public void InputStaysBound_OnlyWhereOnnxRuntimeReadsItInPlace(BufferDevice buffer, BufferDevice? consumedOn, bool staysBound) =>
        Assert.Equal(staysBound, InputResidency.StaysBound(buffer, consumedOn));

    [Fact]
    public void Synchronization_BeforeBindingOnCuda_NeverAfterARunThatWaitsForItsStreams()
    {
        Assert.True(CudaOrdering.SynchronizeBeforeBinding(BufferDevice.Cuda(0)));
        Assert.False(CudaOrdering.SynchronizeBeforeBinding(BufferDevice.Cpu));
        Assert.False(CudaOrdering.SynchronizeAfterRun(BufferDevice.Cuda(0), runSynchronizesProviders: true));
        Assert.True(CudaOrdering.SynchronizeAfterRun(BufferDevice.Cuda(0), runSynchronizesProviders: false));
        Assert.False(CudaOrdering.SynchronizeAfterRun(BufferDevice.Cpu, runSynchronizesProviders: false));
    }

    [Fact]
    public void OutputRoutes_PreAllocateKnownShapes_AdoptHostMemory_CopyDeviceMemory()
    {
        Assert.Equal(OutputRoute.PreAllocated, OutputRoutes.Choose(BufferDevice.Cuda(0), shapeKnownBeforeRun: true));
        Assert.Equal(OutputRoute.PreAllocated, OutputRoutes.Choose(BufferDevice.Cpu, shapeKnownBeforeRun: true));
        Assert.Equal(OutputRoute.AdoptedWithoutCopy, OutputRoutes.Choose(BufferDevice.Cpu, shapeKnownBeforeRun: false));
        Assert.Equal(OutputRoute.CopiedOnDevice, OutputRoutes.Choose(BufferDevice.Cuda(1), shapeKnownBeforeRun: false));
    }

    [Theory]
    [InlineData(0L, true)]
    [InlineData(int.MaxValue, true)]
    [InlineData(1L << 31, false)]          // a negative span length in ONNX Runtime 1.31's C# API
    [InlineData(1L << 32, false)]          // an empty span: the silent case
    [InlineData((1L << 32) + 8, false)]
    public void OrtAllocatedOutputs_AreHandedOverOnlyBelowTwoGiB(long bytes, bool handedOver) =>
        Assert.Equal(handedOver, OutputRoutes.CanHandOver(bytes));

    [Fact]
    public void CudaAcceptance_FromTheProvidersWhenKnown_ElseFromWhatTheSessionReports()
    {
        OrtMemoryInfoDeviceType[] cpuOnly = { OrtMemoryInfoDeviceType.CPU };
        // Known providers decide, even when every input is consumed on the CPU.
        Assert.True(CudaInputs.Decide(new[] { "CUDAExecutionProvider", "CPUExecutionProvider" }, Array.Empty<string?>(), cpuOnly));
        Assert.True(CudaInputs.Decide(new[] { "NvTensorRTRTXExecutionProvider" }, Array.Empty<string?>(), cpuOnly));
        Assert.False(CudaInputs.Decide(new[] { "CPUExecutionProvider" }, new[] { "CUDAExecutionProvider" }, new[] { OrtMemoryInfoDeviceType.GPU }));
        // Unknown providers: the session's report.
        Assert.False(CudaInputs.Decide(null, Array.Empty<string?>(), cpuOnly));
        Assert.True(CudaInputs.Decide(null, new string?[] { null }, new[] { OrtMemoryInfoDeviceType.GPU }));
    }

    [Fact]
    public void CudaInputsOnAnotherDevice_ThanTheSession_AreRefusedNamingBoth()
    {
        CudaInputs.CheckDevice("x", BufferDevice.Cuda(0), 0);     // same device
        CudaInputs.CheckDevice("x", BufferDevice.Cuda(1), null);  // the session consumes nothing on a GPU: not this check's business
        CudaInputs.CheckDevice("x", BufferDevice.Cpu, 0);
        var error = Assert.Throws<OnnxInputException>(() => CudaInputs.CheckDevice("x", BufferDevice.Cuda(1), 0));
        Assert.Equal("x", error.InputName);
        Assert.Equal("cuda:0", error.Expected);
        Assert.Equal("cuda:1", error.Actual);
        Assert.Contains("the session runs on cuda:0", error.Message);
    }

    [Fact]
    public void CpuSession_ConsumesItsInputsOnTheCpu_SoCpuBuffersStayBound()
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        var plan = new SessionPlan(session, ModelSignature.Of(session));
        Assert.True(plan.InputStaysBound(0, BufferDevice.Cpu));
        Assert.False(plan.InputStaysBound(0, BufferDevice.Cuda(0)));
        Assert.False(plan.AcceptsCuda);
        Assert.Null(plan.CudaDevice);
    }
}
