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
/// The provider plan checked exactly (names, order, every option and value), the TensorRT engine-cache
/// warning, and the applier against this CPU build of ONNX Runtime.
/// </summary>
public sealed class OnnxSessionOptionsTests
{
    private const string PackagePath = "/models/yolo";
    private static readonly string[] Offered = { "CPUExecutionProvider", "XnnpackExecutionProvider" };

    private static KeyValuePair<string, string> KV(string key, string value) => new(key, value);

    private static void AssertPlan(IReadOnlyList<ExecutionProviderPlan> plan, params (string Name, KeyValuePair<string, string>[] Options)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Name), plan.Select(p => p.Name));
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i].Options, plan[i].Options);
    }

    [Fact]
    public void TensorRtCudaCpu_OnCuda1_InOrder_WithEveryDefault()
    {
        var plan = OnnxSessionOptions.Plan(
            new[] { "TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider" }, PackagePath, BufferDevice.Cuda(1),
            availableProviders: Offered);
        AssertPlan(plan,
            ("TensorrtExecutionProvider", new[]
            {
                KV("trt_engine_cache_enable", "True"), KV("trt_fp16_enable", "True"), KV("device_id", "1"), KV("trt_engine_cache_path", PackagePath),
            }),
            ("CUDAExecutionProvider", new[] { KV("device_id", "1") }),
            ("CPUExecutionProvider", Array.Empty<KeyValuePair<string, string>>()));
    }

    [Fact]
    public void Fp16Disabled_IsWrittenFalse()
    {
        var plan = OnnxSessionOptions.Plan(new[] { "TensorrtExecutionProvider" }, PackagePath, BufferDevice.Cuda(0), enableFp16: false, availableProviders: Offered);
        AssertPlan(plan, ("TensorrtExecutionProvider", new[]
        {
            KV("trt_engine_cache_enable", "True"), KV("trt_fp16_enable", "False"), KV("device_id", "0"), KV("trt_engine_cache_path", PackagePath),
        }));
    }

    [Fact]
    public void WithoutDefaultTensorRtOptions_TensorRtGetsNoOptions_CudaStillGetsTheDevice()
    {
        var plan = OnnxSessionOptions.Plan(new[] { "TensorrtExecutionProvider", "CUDAExecutionProvider" }, PackagePath,
            BufferDevice.Cuda(2), defaultTensorRtOptions: false, availableProviders: Offered);
        AssertPlan(plan,
            ("TensorrtExecutionProvider", Array.Empty<KeyValuePair<string, string>>()),
            ("CUDAExecutionProvider", new[] { KV("device_id", "2") }));
    }

    [Fact]
    public void CudaDeviceWithoutIndex_IsDeviceZero()
    {
        var plan = OnnxSessionOptions.Plan(new[] { "CUDAExecutionProvider" }, PackagePath, BufferDevice.Cuda(), availableProviders: Offered);
        AssertPlan(plan, ("CUDAExecutionProvider", new[] { KV("device_id", "0") }));
    }

    [Fact]
    public void CpuDevice_SetsNoDeviceId()
    {
        var plan = OnnxSessionOptions.Plan(new[] { "CUDAExecutionProvider", "TensorrtExecutionProvider" }, PackagePath, BufferDevice.Cpu, availableProviders: Offered);
        AssertPlan(plan,
            ("CUDAExecutionProvider", Array.Empty<KeyValuePair<string, string>>()),
            ("TensorrtExecutionProvider", new[] { KV("trt_engine_cache_enable", "True"), KV("trt_fp16_enable", "True"), KV("trt_engine_cache_path", PackagePath) }));
    }

    [Fact]
    public void OrderIsTheCallers()
    {
        var plan = OnnxSessionOptions.Plan(new[] { "CPUExecutionProvider", "CUDAExecutionProvider" }, PackagePath, BufferDevice.Cpu, availableProviders: Offered);
        Assert.Equal(new[] { "CPUExecutionProvider", "CUDAExecutionProvider" }, plan.Select(p => p.Name));
    }

    [Fact]
    public void UnknownName_ListsTheProvidersThisBuildOffers()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            OnnxSessionOptions.Plan(new[] { "CUDAExecutionProvider", "cuda" }, PackagePath, BufferDevice.Cpu, availableProviders: Offered));
        Assert.Equal("providers", error.ParamName);
        Assert.Contains("'cuda' is not an execution provider ONNX Runtime's C# API can append", error.Message);
        Assert.Contains("This ONNX Runtime build offers: CPUExecutionProvider, XnnpackExecutionProvider.", error.Message);
    }

    [Fact]
    public void UnknownName_WithoutAList_AsksThisOnnxRuntimeBuild()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxSessionOptions.Plan(new[] { "NoSuchExecutionProvider" }, PackagePath, BufferDevice.Cpu));
        Assert.Contains("This ONNX Runtime build offers: " + string.Join(", ", OrtEnv.Instance().GetAvailableProviders()), error.Message);
        Assert.Contains("CPUExecutionProvider", error.Message);
    }

    [Fact]
    public void RepeatedName_IsAnError()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            OnnxSessionOptions.Plan(new[] { "CPUExecutionProvider", "CPUExecutionProvider" }, PackagePath, BufferDevice.Cpu, availableProviders: Offered));
        Assert.Contains("'CPUExecutionProvider' is listed twice", error.Message);
    }

    [Fact]
    public void EngineWarning_WhenTheFolderHasNoEngine_NamesTheFolder()
    {
        string folder = NewFolder();
        try
        {
            var logger = new ListLogger();
            var plan = OnnxSessionOptions.Plan(new[] { "TensorrtExecutionProvider" }, folder, BufferDevice.Cpu, availableProviders: Offered);
            OnnxSessionOptions.WarnIfTensorRtEngineMissing(plan, folder, logger);
            (LogLevel level, string message) = Assert.Single(logger.Entries);
            Assert.Equal(LogLevel.Warning, level);
            Assert.Contains($"No cached TensorRT engine (*.engine) found in {folder}", message);
            Assert.Contains("first run", message);
            Assert.Contains("minutes", message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EngineWarning_NotWhenAnEngineIsCached_NorWithoutTheCacheOptions_NorWithoutTensorRt()
    {
        string folder = NewFolder();
        try
        {
            var logger = new ListLogger();
            var noTensorRt = OnnxSessionOptions.Plan(new[] { "CUDAExecutionProvider" }, folder, BufferDevice.Cpu, availableProviders: Offered);
            OnnxSessionOptions.WarnIfTensorRtEngineMissing(noTensorRt, folder, logger);
            var bare = OnnxSessionOptions.Plan(new[] { "TensorrtExecutionProvider" }, folder, BufferDevice.Cpu, defaultTensorRtOptions: false, availableProviders: Offered);
            OnnxSessionOptions.WarnIfTensorRtEngineMissing(bare, folder, logger);
            Assert.Empty(logger.Entries);

            Assert.False(OnnxSessionOptions.HasCachedTensorRtEngine(folder));
            File.WriteAllBytes(Path.Combine(folder, "TensorrtExecutionProvider_TRTKernel_graph_1234_0_0_fp16_sm86.engine"), new byte[] { 1 });
            Assert.True(OnnxSessionOptions.HasCachedTensorRtEngine(folder));
            var cached = OnnxSessionOptions.Plan(new[] { "TensorrtExecutionProvider" }, folder, BufferDevice.Cpu, availableProviders: Offered);
            OnnxSessionOptions.WarnIfTensorRtEngineMissing(cached, folder, logger);
            Assert.Empty(logger.Entries);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EngineWarning_MissingFolderCountsAsNoEngine() =>
        Assert.False(OnnxSessionOptions.HasCachedTensorRtEngine(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));

    [Fact]
    public void Create_CpuOnly_GivesOptionsASessionRunsWith()
    {
        using SessionOptions options = OnnxSessionOptions.Create(new[] { "CPUExecutionProvider" }, RepoModels.Folder, BufferDevice.Cpu);
        using var session = new InferenceSession(RepoModels.PpOcrDet, options);
        Assert.Equal("x", session.InputNames[0]);
    }

    [Fact]
    public void Create_CudaOnThisCpuBuild_IsUnavailable_WithOnnxRuntimesReason()
    {
        var error = Assert.Throws<ExecutionProviderUnavailableException>(() =>
            OnnxSessionOptions.Create(new[] { "CUDAExecutionProvider", "CPUExecutionProvider" }, RepoModels.Folder, BufferDevice.Cuda(0)));
        Assert.Equal("CUDAExecutionProvider", error.ProviderName);
        Assert.IsType<OnnxRuntimeException>(error.InnerException);
        Assert.Contains("ONNX Runtime could not register CUDAExecutionProvider(device_id=0)", error.Message);
        Assert.Contains("This ONNX Runtime build offers CPUExecutionProvider", error.Message);
    }

    private static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "onnxtyped-trt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
