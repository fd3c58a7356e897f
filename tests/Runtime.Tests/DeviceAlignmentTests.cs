using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>The device decision as a pure function: every branch, including those that need a GPU to happen for real.</summary>
public sealed class DeviceAlignmentTests
{
    private static readonly BufferDevice Cuda0 = BufferDevice.Cuda(0);

    [Fact]
    public void CpuRequest_IsKept_WhateverTheProviders()
    {
        DeviceAlignmentDecision decision = DeviceAlignment.Decide(BufferDevice.Cpu, new[] { "CPUExecutionProvider" }, DeviceFallback.Fail);
        Assert.Equal(BufferDevice.Cpu, decision.EffectiveDevice);
        Assert.Null(decision.Warning);
        Assert.False(decision.FellBack);
    }

    [Theory]
    [InlineData("CUDAExecutionProvider")]
    [InlineData("TensorrtExecutionProvider")]
    public void CudaRequest_WithAGpuProvider_IsKept(string provider)
    {
        var requested = BufferDevice.Cuda(1);
        DeviceAlignmentDecision decision = DeviceAlignment.Decide(requested, new[] { provider, "CPUExecutionProvider" }, DeviceFallback.Fail);
        Assert.Equal(requested, decision.EffectiveDevice);
        Assert.Null(decision.Warning);
    }

    [Fact]
    public void CudaRequest_CpuOnly_FallsBackToCpuWithAWarning()
    {
        DeviceAlignmentDecision decision = DeviceAlignment.Decide(Cuda0, new[] { "CPUExecutionProvider" }, DeviceFallback.UseCpu);
        Assert.Equal(BufferDevice.Cpu, decision.EffectiveDevice);
        Assert.True(decision.FellBack);
        Assert.Equal(
            "The model was requested on cuda:0, but its ONNX Runtime session runs only CPU execution providers (CPUExecutionProvider): " +
            "falling back to CPU tensors for this model.",
            decision.Warning);
    }

    [Fact]
    public void CudaRequest_CpuOnly_FailMode_NamesTheDeviceAndTheProviders()
    {
        var error = Assert.Throws<OnnxDeviceUnavailableException>(() =>
            DeviceAlignment.Decide(BufferDevice.Cuda(1), new[] { "CPUExecutionProvider" }, DeviceFallback.Fail));
        Assert.Equal("cuda:1", error.RequestedDevice);
        Assert.Equal(new[] { "CPUExecutionProvider" }, error.ProvidersInEffect);
        Assert.StartsWith("The model was requested on cuda:1, but its ONNX Runtime session runs only CPU execution providers (CPUExecutionProvider)", error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void RegistrationFailure_IsNamedInTheWarning_AndIsTheErrorsInnerException()
    {
        var failure = new InvalidOperationException("Failed to load library libonnxruntime_providers_cuda.so\nnative log line");
        DeviceAlignmentDecision decision = DeviceAlignment.Decide(Cuda0, new[] { "CPUExecutionProvider" }, DeviceFallback.UseCpu, failure);
        Assert.Contains("(the GPU provider could not be registered: Failed to load library libonnxruntime_providers_cuda.so)", decision.Warning);
        Assert.DoesNotContain("native log line", decision.Warning);

        var error = Assert.Throws<OnnxDeviceUnavailableException>(() =>
            DeviceAlignment.Decide(Cuda0, new[] { "CPUExecutionProvider" }, DeviceFallback.Fail, failure));
        Assert.Same(failure, error.InnerException);
    }

    [Fact]
    public void NoProvidersAtAll_AreOnnxRuntimesDefaultCpu()
    {
        DeviceAlignmentDecision decision = DeviceAlignment.Decide(Cuda0, Array.Empty<string>(), DeviceFallback.UseCpu);
        Assert.Contains("(ONNX Runtime's default CPU provider)", decision.Warning);
    }

    [Fact]
    public void UnknownFallbackValue_IsAnError() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DeviceAlignment.Decide(Cuda0, Array.Empty<string>(), (DeviceFallback)7));

    private static ExecutionProviderPlan P(string name) => new(name, Array.Empty<KeyValuePair<string, string>>());

    [Fact]
    public void WithoutGpuProviders_KeepsTheRestInOrder_OrCpuAlone()
    {
        Assert.Equal(new[] { "CPUExecutionProvider" },
            ProviderLists.WithoutGpuProviders(new[] { P("TensorrtExecutionProvider"), P("CUDAExecutionProvider"), P("CPUExecutionProvider") }).Select(p => p.Name));
        Assert.Equal(new[] { "CPUExecutionProvider" },
            ProviderLists.WithoutGpuProviders(new[] { P("CUDAExecutionProvider") }).Select(p => p.Name));
    }

    [Fact]
    public void WithoutProvider_DropsOnlyThatOne()
    {
        Assert.Equal(new[] { "CUDAExecutionProvider", "CPUExecutionProvider" },
            ProviderLists.WithoutProvider(new[] { P("TensorrtExecutionProvider"), P("CUDAExecutionProvider"), P("CPUExecutionProvider") }, "TensorrtExecutionProvider").Select(p => p.Name));
        Assert.Equal(new[] { "CPUExecutionProvider" },
            ProviderLists.WithoutProvider(new[] { P("CUDAExecutionProvider") }, "CUDAExecutionProvider").Select(p => p.Name));
    }

    [Fact]
    public void DefaultProviders_CudaThenCpuForCuda_CpuOtherwise()
    {
        Assert.Equal(new[] { "CUDAExecutionProvider", "CPUExecutionProvider" }, ProviderLists.DefaultProviders(Cuda0));
        Assert.Equal(new[] { "CPUExecutionProvider" }, ProviderLists.DefaultProviders(BufferDevice.Cpu));
    }
}
