using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.Runtime.Tests;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.ExecutionProviders.Tests;

/// <summary>
/// Execution providers against the real GPU build of ONNX Runtime (Microsoft.ML.OnnxRuntime.Gpu): it offers
/// CUDA and TensorRT, but on a machine without a GPU their native libraries cannot load. A model requested on
/// CUDA must then come back as a working CPU session with a logged warning, or as an error in fail mode.
/// </summary>
public sealed class GpuBuildFallbackTests
{
    private static readonly BufferDevice Cuda0 = BufferDevice.Cuda(0);

    private static void SingleThread(SessionOptions options) => options.IntraOpNumThreads = 1;

    [Fact]
    public void ThisIsTheGpuBuild_ItOffersTensorRtAndCuda()
    {
        string[] offered = OrtEnv.Instance().GetAvailableProviders();
        Assert.Contains("TensorrtExecutionProvider", offered);
        Assert.Contains("CUDAExecutionProvider", offered);
        Assert.Contains("CPUExecutionProvider", offered);
    }

    [NoCudaProviderFact]
    public void Create_Cuda_CannotLoad_IsUnavailable_WithOnnxRuntimesLoadError()
    {
        var error = Assert.Throws<ExecutionProviderUnavailableException>(() =>
            OnnxSessionOptions.Create(new[] { "CUDAExecutionProvider", "CPUExecutionProvider" }, RepoModels.Folder, Cuda0));
        Assert.Equal("CUDAExecutionProvider", error.ProviderName);
        Assert.Contains("CUDAExecutionProvider", error.AvailableProviders);
        var inner = Assert.IsType<OnnxRuntimeException>(error.InnerException);
        Assert.Contains("Failed to load", inner.Message);
        Assert.Contains("ONNX Runtime could not register CUDAExecutionProvider(device_id=0)", error.Message);
        Assert.Contains("This ONNX Runtime build offers TensorrtExecutionProvider, CUDAExecutionProvider, CPUExecutionProvider", error.Message);
    }

    [NoCudaProviderFact]
    public void Create_TensorRt_WarnsThatTheFirstRunBuildsAnEngine_ThenCannotLoad()
    {
        string package = NewPackageFolder();
        try
        {
            var logger = new ListLogger();
            var error = Assert.Throws<ExecutionProviderUnavailableException>(() =>
                OnnxSessionOptions.Create(new[] { "TensorrtExecutionProvider" }, package, Cuda0, logger: logger));
            Assert.Equal("TensorrtExecutionProvider", error.ProviderName);
            Assert.Contains($"TensorrtExecutionProvider(trt_engine_cache_enable=True, trt_fp16_enable=True, device_id=0, trt_engine_cache_path={package})", error.Message);
            (LogLevel level, string message) = Assert.Single(logger.Entries);
            Assert.Equal(LogLevel.Warning, level);
            Assert.Contains($"No cached TensorRT engine (*.engine) found in {package}", message);
        }
        finally
        {
            Directory.Delete(package, recursive: true);
        }
    }

    [NoCudaProviderFact]
    public void Open_Cuda_FallsBackToACpuSession_WithTheWarning_ThatComputesLikeAPlainCpuSession()
    {
        var logger = new ListLogger();
        using DeviceSession aligned = DeviceSession.Open(RepoModels.PpOcrDet, Cuda0, logger: logger, configure: SingleThread);
        InferenceSession session = aligned.Session;

        Assert.Equal(BufferDevice.Cpu, aligned.Device);
        Assert.Equal(new[] { "CPUExecutionProvider" }, aligned.Providers);
        (LogLevel level, string message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.StartsWith("The model was requested on cuda:0, but its ONNX Runtime session runs only CPU execution providers (CPUExecutionProvider) " +
                          "(the GPU provider could not be registered: ONNX Runtime could not register CUDAExecutionProvider(device_id=0)", message);
        Assert.Contains("Failed to load", message);
        Assert.EndsWith("falling back to CPU tensors for this model.", message);

        torch.manual_seed(1);
        using torch.Tensor x = torch.rand(new long[] { 2, 3, 64, 64 }, device: aligned.Device.ToTorch());
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        torch.Tensor[] actual = bound.Run(new[] { x });

        // The reference: a plain CPU session's Run on an OrtValue over a managed copy of the same input, never
        // through the IO-binding code under test.
        float[] expected = PlainCpuRun(x);
        try
        {
            Assert.Equal(new long[] { 2, 1, 64, 64 }, actual[0].shape);
            Assert.Equal(expected, actual[0].data<float>().ToArray());
        }
        finally
        {
            foreach (torch.Tensor t in actual) t.Dispose();
        }
    }

    private static float[] PlainCpuRun(torch.Tensor x)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var plain = new InferenceSession(RepoModels.PpOcrDet, options);
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(x.data<float>().ToArray(), x.shape);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = plain.Run(runOptions, new[] { "x" }, new[] { input }, plain.OutputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [NoCudaProviderFact]
    public void Open_TensorRtCudaCpu_DropsEachGpuProviderInTurn_ThenRunsOnCpu()
    {
        string package = NewPackageFolder();
        try
        {
            string model = Path.Combine(package, "model.onnx");
            File.Copy(RepoModels.PpOcrDet, model);
            var logger = new ListLogger();
            int attempts = 0;
            using DeviceSession aligned = DeviceSession.Open(model, Cuda0, new[] { "TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider" },
                logger: logger, configure: o => { attempts++; SingleThread(o); });
            InferenceSession session = aligned.Session;

            Assert.Equal(3, attempts); // TensorRT + CUDA + CPU, then CUDA + CPU, then CPU
            Assert.Equal(BufferDevice.Cpu, aligned.Device);
            Assert.Equal(new[] { "CPUExecutionProvider" }, aligned.Providers);
            Assert.Equal(2, logger.Entries.Count);
            Assert.Contains($"No cached TensorRT engine (*.engine) found in {package}", logger.Entries[0].Message);
            Assert.Contains("could not register CUDAExecutionProvider", logger.Entries[1].Message);
            Assert.Contains("falling back to CPU tensors", logger.Entries[1].Message);
        }
        finally
        {
            Directory.Delete(package, recursive: true);
        }
    }

    [NoCudaProviderFact]
    public void Open_Cuda_FailMode_NamesTheRequestedDeviceAndTheProvidersInEffect()
    {
        var logger = new ListLogger();
        var error = Assert.Throws<OnnxDeviceUnavailableException>(() =>
            DeviceSession.Open(RepoModels.PpOcrDet, BufferDevice.Cuda(0), fallback: DeviceFallback.Fail, logger: logger, configure: SingleThread));
        Assert.Equal("cuda:0", error.RequestedDevice);
        Assert.Equal(new[] { "CPUExecutionProvider" }, error.ProvidersInEffect);
        Assert.StartsWith("The model was requested on cuda:0, but its ONNX Runtime session runs only CPU execution providers (CPUExecutionProvider)", error.Message);
        var unavailable = Assert.IsType<ExecutionProviderUnavailableException>(error.InnerException);
        Assert.Equal("CUDAExecutionProvider", unavailable.ProviderName);
        Assert.Contains("Failed to load", Assert.IsType<OnnxRuntimeException>(unavailable.InnerException).Message);
        Assert.Empty(logger.Entries);
    }

    [CudaProviderFact]
    public void Open_Cuda_WhereCudaLoads_KeepsTheDevice_WithoutWarning()
    {
        var logger = new ListLogger();
        using DeviceSession aligned = DeviceSession.Open(RepoModels.PpOcrDet, Cuda0, logger: logger);
        InferenceSession session = aligned.Session;
        Assert.True(aligned.Device.IsCuda);
        Assert.Equal(new[] { "CUDAExecutionProvider", "CPUExecutionProvider" }, aligned.Providers);
        Assert.Empty(logger.Entries);
    }

    private static string NewPackageFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "onnxtyped-package-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}

/// <summary>BoundSession, the engine of generated classes, opened for a device on the GPU build without a GPU.</summary>
public sealed class BoundSessionDeviceTests
{
    [NoCudaProviderFact]
    public void ForDevice_Cuda_FallsBackToCpu_WithTheWarning_AndRuns()
    {
        var logger = new ListLogger();
        using BoundSession bound = BoundSession.ForDevice(RepoModels.PpOcrDet, ModelSignatureOfFile(), new torch.Device(DeviceType.CUDA, 0), logger: logger);
        Assert.Equal(DeviceType.CPU, bound.Device!.type);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cuda:0"));
        using torch.Tensor x = torch.rand(1, 3, 32, 32, device: bound.Device);
        torch.Tensor[] outputs = bound.Run(new[] { x });
        Assert.Equal(new long[] { 1, 1, 32, 32 }, outputs[0].shape);
        outputs[0].Dispose();
    }

    [NoCudaProviderFact]
    public void ForDevice_Cuda_FailMode_ThrowsNamingDeviceAndProviders()
    {
        var error = Assert.Throws<OnnxDeviceUnavailableException>(() =>
            BoundSession.ForDevice(RepoModels.PpOcrDet, ModelSignatureOfFile(), new torch.Device(DeviceType.CUDA, 0), DeviceFallback.Fail));
        Assert.Contains("cuda:0", error.Message);
        Assert.Contains("CPUExecutionProvider", error.Message);
    }

    [Fact]
    public void ForDevice_Cpu_IsACpuSession()
    {
        using BoundSession bound = BoundSession.ForDevice(RepoModels.PpOcrDet, ModelSignatureOfFile(), torch.CPU);
        Assert.Equal(DeviceType.CPU, bound.Device!.type);
    }

    private static ModelSignature ModelSignatureOfFile()
    {
        using var session = new InferenceSession(RepoModels.PpOcrDet);
        return ModelSignature.Of(session);
    }
}
