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
        Assert.True(TorchFrontEnd.WaitsForTorchBeforeBinding(BufferDevice.Cuda(0)));
        Assert.False(TorchFrontEnd.WaitsForTorchBeforeBinding(BufferDevice.Cpu));
        Assert.False(CudaOrdering.SynchronizeAfterRun(BufferDevice.Cuda(0), runSynchronizesProviders: true));
        Assert.True(CudaOrdering.SynchronizeAfterRun(BufferDevice.Cuda(0), runSynchronizesProviders: false));
        Assert.False(CudaOrdering.SynchronizeAfterRun(BufferDevice.Cpu, runSynchronizesProviders: false));
    }

    [Fact]
    public void OutputRoutes_PreAllocateKnownShapes_AdoptHostMemory_CopyDeviceMemory()
    {
        Assert.Equal(OutputRoute.PreAllocated, TorchOutputRoutes.Choose(BufferDevice.Cuda(0), shapeKnownBeforeRun: true));
        Assert.Equal(OutputRoute.PreAllocated, TorchOutputRoutes.Choose(BufferDevice.Cpu, shapeKnownBeforeRun: true));
        Assert.Equal(OutputRoute.AdoptedWithoutCopy, TorchOutputRoutes.Choose(BufferDevice.Cpu, shapeKnownBeforeRun: false));
        Assert.Equal(OutputRoute.CopiedOnDevice, TorchOutputRoutes.Choose(BufferDevice.Cuda(1), shapeKnownBeforeRun: false));
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

    [Fact]
    public void AFailedRun_IsWaitedFor_OnlyOnCuda()
    {
        Assert.True(CudaOrdering.SynchronizeAfterFailedRun(BufferDevice.Cuda(0)));
        Assert.True(CudaOrdering.SynchronizeAfterFailedRun(BufferDevice.Cuda(1)));
        Assert.False(CudaOrdering.SynchronizeAfterFailedRun(BufferDevice.Cpu));
    }

    [Theory]
    [InlineData(false, true, true, true)]     // host input bound anew to a CUDA session: its copy is queued, wait for it
    [InlineData(false, true, false, false)]   // stayed bound: nothing was copied this call
    [InlineData(false, false, true, false)]   // CPU session: nothing is copied (CPU behaviour unchanged)
    [InlineData(true, true, true, false)]     // a CUDA input is read in place
    public void BoundInputs_AreWaitedFor_OnlyWhenAHostInputWasBoundToACudaSession(bool inputOnCuda, bool sessionIsCuda, bool rebound, bool wait) =>
        Assert.Equal(wait, CudaOrdering.SynchronizeBoundInputs(inputOnCuda ? BufferDevice.Cuda(0) : BufferDevice.Cpu, sessionIsCuda, rebound));

    [Theory]
    [InlineData(true, "TensorrtExecutionProvider,CUDAExecutionProvider,CPUExecutionProvider", true)]   // N3 under TensorRT
    [InlineData(true, "CUDAExecutionProvider,CPUExecutionProvider", false)]                          // SynchronizeBoundInputs orders the copy
    [InlineData(false, "TensorrtExecutionProvider,CPUExecutionProvider", false)]                     // no CUDA inputs: nothing is copied
    [InlineData(true, null, false)]                                                                  // opened elsewhere: providers unknown
    public void Calls_RunOneAtATime_OnlyOnACudaSessionWithTensorRt(bool sessionIsCuda, string? providers, bool serialized) =>
        Assert.Equal(serialized, CudaOrdering.SerializesCalls(sessionIsCuda, providers?.Split(',')));

    [Fact]
    public void UnderTensorRt_ACall_HoldsTheSessionsLock_FromItsFirstBindUntilItEnds()
    {
        // A CPU session told it takes CUDA inputs under TensorRT: the lock is the runtime's own, so it shows here.
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        var inputs = new SessionInputs(new BufferDevice?[] { BufferDevice.Cuda(0) }, acceptsCuda: true, cudaDevice: 0);
        var plan = new SessionPlan(session, ModelSignature.Of(session), inputs, new[] { ExecutionProviderNames.TensorRt, ExecutionProviderNames.Cuda });
        using var binding = new IoBindingRunner(plan);
        float[] x = new float[16];
        var pin = System.Runtime.InteropServices.GCHandle.Alloc(x, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            binding.BindInput(0, new TensorBuffer(pin.AddrOfPinnedObject(), new long[] { 2, 8 }, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, BufferDevice.Cpu));
            Assert.True(System.Threading.Monitor.IsEntered(plan.CallLock));
            bool taken = true;
            var other = new System.Threading.Thread(() => taken = System.Threading.Monitor.TryEnter(plan.CallLock));
            other.Start();
            other.Join();
            Assert.False(taken);   // another call waits until this one ends
            binding.EndCall(succeeded: false);
            Assert.False(System.Threading.Monitor.IsEntered(plan.CallLock));
        }
        finally
        {
            pin.Free();
        }
    }

    [Fact]
    public void SessionDevice_IsWhereInputsAreConsumed_ElseTheDeviceTheSessionWasOpenedFor()
    {
        Assert.Equal(0, CudaInputs.SessionDevice(0, BufferDevice.Cuda(0)));
        Assert.Equal(1, CudaInputs.SessionDevice(null, BufferDevice.Cuda(1)));   // every input read on the CPU, session on cuda:1
        Assert.Null(CudaInputs.SessionDevice(null, BufferDevice.Cpu));
        Assert.Null(CudaInputs.SessionDevice(null, null));
    }

    [Theory]
    [InlineData("enable_cuda_graph", "1", true)]
    [InlineData("enable_cuda_graph", "True", true)]
    [InlineData("trt_cuda_graph_enable", "true", true)]
    [InlineData("enable_cuda_graph", "0", false)]
    [InlineData("trt_cuda_graph_enable", "False", false)]
    [InlineData("device_id", "1", false)]
    public void CudaGraphOptions_AreRefusedWhenTurnedOn(string key, string value, bool refused) =>
        Assert.Equal(refused, ProviderAppender.TurnsOnCudaGraph(key, value));

    [Theory]
    [InlineData(ExecutionProviderNames.Cuda, "enable_cuda_graph")]
    [InlineData(ExecutionProviderNames.TensorRt, "trt_cuda_graph_enable")]
    public void CudaGraph_IsRefusedWhenASessionIsPlanned_NamingTheOption(string provider, string key)
    {
        var options = new Dictionary<string, IReadOnlyDictionary<string, string>> { [provider] = new Dictionary<string, string> { [key] = "1" } };
        var error = Assert.Throws<ArgumentException>(() =>
            OnnxSessionOptions.Plan(new[] { provider }, System.IO.Path.GetTempPath(), BufferDevice.Cuda(0), providerOptions: options));
        Assert.Contains($"'{key}' = '1' is refused", error.Message);
    }
}
