using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Every execution provider ONNX Runtime's C# API can append: planned by its name with the caller's options (a pure
/// function), appended on this machine's CPU build where it is offered and refused with the offered list where not.
/// </summary>
public sealed class ProviderCatalogTests
{
    private const string PackagePath = "/models/pkg";

    public static IEnumerable<object[]> Names() => ProviderCatalog.All.Select(p => new object[] { p.Name });

    private static readonly IReadOnlyList<string> Offered = OrtEnv.Instance().GetAvailableProviders();

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryKnownProvider_IsPlannedWithTheCallersOptions_InOrder(string name)
    {
        IReadOnlyDictionary<string, string> given = ProviderCatalog.Find(name, () => Offered)!.Append switch
        {
            ProviderAppend.Cpu or ProviderAppend.Dnnl => new Dictionary<string, string> { ["use_arena"] = "0" },
            ProviderAppend.DirectML or ProviderAppend.MiGraphX => new Dictionary<string, string> { ["device_id"] = "1" },
            ProviderAppend.Nnapi => new Dictionary<string, string> { ["flags"] = "2" },
            _ => new Dictionary<string, string> { ["some_option"] = "value", ["another"] = "2" },
        };
        var options = new Dictionary<string, IReadOnlyDictionary<string, string>> { [name] = given };
        string other = name == ExecutionProviderNames.Cpu ? ExecutionProviderNames.Xnnpack : ExecutionProviderNames.Cpu;

        IReadOnlyList<ExecutionProviderPlan> plan = OnnxSessionOptions.Plan(new[] { name, other }, PackagePath, BufferDevice.Cpu,
            defaultTensorRtOptions: false, providerOptions: options);

        Assert.Equal(new[] { name, other }, plan.Select(p => p.Name));
        Assert.Equal(given.ToArray(), plan[0].Options);           // passed as given, in the given order
        Assert.Empty(plan[1].Options);
    }

    [Fact]
    public void TensorRtAndCuda_KeepTheirDefaults_TheCallersOptionsOverrideThem()
    {
        var options = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            [ExecutionProviderNames.TensorRt] = new Dictionary<string, string> { ["trt_fp16_enable"] = "False", ["trt_max_workspace_size"] = "1073741824" },
            [ExecutionProviderNames.Cuda] = new Dictionary<string, string> { ["cudnn_conv_algo_search"] = "HEURISTIC" },
        };
        IReadOnlyList<ExecutionProviderPlan> plan = OnnxSessionOptions.Plan(
            new[] { ExecutionProviderNames.TensorRt, ExecutionProviderNames.Cuda }, PackagePath, BufferDevice.Cuda(1), providerOptions: options);

        Assert.Equal(
            new[] { Pair("trt_engine_cache_enable", "True"), Pair("trt_fp16_enable", "False"), Pair("device_id", "1"), Pair("trt_engine_cache_path", PackagePath), Pair("trt_max_workspace_size", "1073741824") },
            plan[0].Options);
        Assert.Equal(new[] { Pair("device_id", "1"), Pair("cudnn_conv_algo_search", "HEURISTIC") }, plan[1].Options);
    }

    [Fact]
    public void ANameOnlyThisBuildOffers_IsPassedThroughTheGenericCall()
    {
        ProviderInfo info = ProviderCatalog.Find("FutureExecutionProvider", () => new[] { "FutureExecutionProvider", "CPUExecutionProvider" })!;
        Assert.Equal(ProviderAppend.Generic, info.Append);
        Assert.Equal("FutureExecutionProvider", info.GenericName);
        Assert.Null(ProviderCatalog.Find("FutureExecutionProvider", () => new[] { "CPUExecutionProvider" }));
    }

    [Theory]
    [InlineData(ExecutionProviderNames.DirectML, "gpu", "0")]
    [InlineData(ExecutionProviderNames.MiGraphX, "device_id", "first")]
    [InlineData(ExecutionProviderNames.Cpu, "arena", "1")]
    public void DedicatedCallsThatTakeOneNumber_RefuseOtherOptions_BeforeAnythingIsAppended(string name, string key, string value)
    {
        var options = new Dictionary<string, IReadOnlyDictionary<string, string>> { [name] = new Dictionary<string, string> { [key] = value } };
        var error = Assert.Throws<ArgumentException>(() => OnnxSessionOptions.Plan(new[] { name }, PackagePath, BufferDevice.Cpu, providerOptions: options));
        Assert.Contains(name, error.Message);
        Assert.Contains($"got '{key}' = '{value}'", error.Message);
    }

    [Fact]
    public void OptionsForAProviderNotListed_AreAnError()
    {
        var options = new Dictionary<string, IReadOnlyDictionary<string, string>> { [ExecutionProviderNames.Cuda] = new Dictionary<string, string>() };
        var error = Assert.Throws<ArgumentException>(() =>
            OnnxSessionOptions.Plan(new[] { ExecutionProviderNames.Cpu }, PackagePath, BufferDevice.Cpu, providerOptions: options));
        Assert.Contains("Options were given for 'CUDAExecutionProvider', which is not in the provider list", error.Message);
    }

    [Fact]
    public void GpuCapableSet_IsThePythonOriginals_CudaMemoryOnlyForNvidiaProviders()
    {
        string[] gpuCapable = ProviderCatalog.All.Where(p => p.GpuCapable).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "CUDAExecutionProvider", "MIGraphXExecutionProvider", "NvTensorRTRTXExecutionProvider", "ROCMExecutionProvider", "TensorrtExecutionProvider" }, gpuCapable);
        string[] cudaMemory = ProviderCatalog.All.Where(p => p.TakesCudaMemory).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "CUDAExecutionProvider", "NvTensorRTRTXExecutionProvider", "TensorrtExecutionProvider" }, cudaMemory);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void OnThisMachine_AnOfferedProviderRunsARealModelLikePlainRun_AnyOtherIsRefusedListingWhatIsOffered(string name)
    {
        byte[] model = ReadyModels.Mlp(8, 8, 4, seed: 7);
        if (!Offered.Contains(name))
        {
            using var options = new SessionOptions();
            var error = Assert.Throws<ExecutionProviderUnavailableException>(() =>
                OnnxSessionOptions.Apply(options, OnnxSessionOptions.Plan(new[] { name }, PackagePath, BufferDevice.Cpu)));
            Assert.Equal(name, error.ProviderName);
            Assert.Contains("This ONNX Runtime build offers " + string.Join(", ", Offered), error.Message);
            return;
        }
        using SessionOptions offered = OnnxSessionOptions.Create(new[] { name }, PackagePath, BufferDevice.Cpu);
        using var session = new InferenceSession(model, offered);
        using torch.Tensor x = torch.rand(3, 8);
        var inputs = new Dictionary<string, torch.Tensor> { ["x"] = x };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        Reference.AssertSameOutputs(session, inputs, outputs);
        foreach (torch.Tensor output in outputs) output.Dispose();
    }

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
