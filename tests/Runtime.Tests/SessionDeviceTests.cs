using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// <see cref="SessionDevice.Open"/> on this project's CPU build of ONNX Runtime, where the CUDA provider
/// is not compiled in: a CUDA request falls back to a working CPU session (or fails in fail mode). The
/// GPU build, where the provider is compiled in but cannot load, is tested in ExecutionProviders.Tests.
/// </summary>
public sealed class SessionDeviceTests
{
    private static readonly BufferDevice Cuda0 = BufferDevice.Cuda(0);

    private static void SingleThread(SessionOptions options) => options.IntraOpNumThreads = 1;

    [Fact]
    public void CudaRequest_CudaNotInThisBuild_FallsBackToCpu_WithAWarning_AndTheSessionRuns()
    {
        var logger = new ListLogger();
        int configured = 0;
        using DeviceSession aligned = DeviceSession.Open(RepoModels.PpOcrDet, Cuda0, logger: logger, configure: o => { configured++; SingleThread(o); });
        InferenceSession session = aligned.Session;

        Assert.Equal(BufferDevice.Cpu, aligned.Device);
        Assert.Equal(new[] { "CPUExecutionProvider" }, aligned.Providers);
        Assert.True(aligned.Decision.FellBack);
        Assert.Equal(2, configured); // the CUDA attempt, then the CPU retry
        (LogLevel level, string message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.StartsWith("The model was requested on cuda:0, but its ONNX Runtime session runs only CPU execution providers (CPUExecutionProvider) " +
                          "(the GPU provider could not be registered: ONNX Runtime could not register CUDAExecutionProvider(device_id=0)", message);
        Assert.EndsWith("falling back to CPU tensors for this model.", message);

        // What the generated classes will do with it: wrap it in a BoundSession and run on the effective device.
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        using torch.Tensor x = torch.rand(new long[] { 1, 3, 64, 64 }, device: aligned.Device.ToTorch());
        torch.Tensor[] outputs = bound.Run(new[] { x });
        Reference.AssertSameOutputs(session, new Dictionary<string, torch.Tensor> { ["x"] = x }, outputs);
        foreach (torch.Tensor o in outputs) o.Dispose();
    }

    [Fact]
    public void CudaRequest_CudaNotInThisBuild_FailMode_NamesTheDeviceAndProviders()
    {
        var logger = new ListLogger();
        var error = Assert.Throws<OnnxDeviceUnavailableException>(() =>
            DeviceSession.Open(RepoModels.PpOcrDet, Cuda0, fallback: DeviceFallback.Fail, logger: logger, configure: SingleThread));
        Assert.Equal("cuda:0", error.RequestedDevice);
        Assert.Equal(new[] { "CPUExecutionProvider" }, error.ProvidersInEffect);
        Assert.Contains("requested on cuda:0", error.Message);
        var unavailable = Assert.IsType<ExecutionProviderUnavailableException>(error.InnerException);
        Assert.Equal("CUDAExecutionProvider", unavailable.ProviderName);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void CudaRequest_OnlyCpuProviderAsked_FallsBackWithoutTryingCuda()
    {
        var logger = new ListLogger();
        int configured = 0;
        using DeviceSession aligned = DeviceSession.Open(RepoModels.PpOcrDet, Cuda0, new[] { "CPUExecutionProvider" }, logger: logger,
            configure: o => { configured++; SingleThread(o); });
        InferenceSession session = aligned.Session;
        Assert.Equal(BufferDevice.Cpu, aligned.Device);
        Assert.Equal(1, configured);
        Assert.Equal(
            "The model was requested on cuda:0, but its ONNX Runtime session runs only CPU execution providers (CPUExecutionProvider): " +
            "falling back to CPU tensors for this model.",
            Assert.Single(logger.Entries).Message);
    }

    [Fact]
    public void CudaRequest_OnlyCpuProviderAsked_FailMode_ThrowsBeforeCreatingASession()
    {
        int configured = 0;
        var error = Assert.Throws<OnnxDeviceUnavailableException>(() =>
            DeviceSession.Open(RepoModels.PpOcrDet, BufferDevice.Cuda(1), new[] { "CPUExecutionProvider" }, DeviceFallback.Fail,
                configure: _ => configured++));
        Assert.Equal("cuda:1", error.RequestedDevice);
        Assert.Null(error.InnerException);
        Assert.Equal(0, configured);
    }

    [Fact]
    public void CpuRequest_CpuSession_NoWarning()
    {
        var logger = new ListLogger();
        using DeviceSession aligned = DeviceSession.Open(RepoModels.SileroVad, BufferDevice.Cpu, logger: logger, configure: SingleThread);
        InferenceSession session = aligned.Session;
        Assert.Equal(BufferDevice.Cpu, aligned.Device);
        Assert.Equal(new[] { "CPUExecutionProvider" }, aligned.Providers);
        Assert.False(aligned.Decision.FellBack);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void CpuRequest_CudaAskedButUnavailable_RunsOnCpu_AndSaysWhy()
    {
        var logger = new ListLogger();
        using DeviceSession aligned = DeviceSession.Open(RepoModels.SileroVad, BufferDevice.Cpu, new[] { "CUDAExecutionProvider", "CPUExecutionProvider" },
            DeviceFallback.Fail, logger, configure: SingleThread);
        InferenceSession session = aligned.Session;
        Assert.Equal(BufferDevice.Cpu, aligned.Device);
        Assert.Equal(new[] { "CPUExecutionProvider" }, aligned.Providers);
        Assert.StartsWith("A GPU execution provider could not be used (ONNX Runtime could not register CUDAExecutionProvider", Assert.Single(logger.Entries).Message);
        Assert.EndsWith("the session runs with CPUExecutionProvider.", logger.Entries[0].Message);
    }

    [Fact]
    public void MissingModel_IsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => DeviceSession.Open(Path.Combine(RepoModels.Folder, "missing.onnx"), BufferDevice.Cpu));

    [Fact]
    public void UnknownProvider_IsAnArgumentError() =>
        Assert.Throws<ArgumentException>(() => DeviceSession.Open(RepoModels.SileroVad, BufferDevice.Cpu, new[] { "Cpu" }));
}
