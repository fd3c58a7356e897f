using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>The CUDA paths on a real GPU. They skip, with the reason, on machines without one.</summary>
public sealed class GpuTests
{
    [CudaFact]
    public void CudaInputs_OnCpuOnlySession_AreRefusedClearly()
    {
        using InferenceSession session = TestSessions.Open(ReadyModels.Mlp(8, 8, 4, seed: 7));
        using torch.Tensor x = torch.rand(new long[] { 2, 8 }, device: torch.CUDA);
        var error = Assert.Throws<OnnxInputException>(() => session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["x"] = x }));
        Assert.Contains("no GPU execution provider", error.Message);
    }

    [CudaFact]
    public void CudaSession_RunsOnDevice_OutputsStayOnDevice()
    {
        using var options = new SessionOptions();
        options.AppendExecutionProvider_CUDA(0);
        using var session = new InferenceSession(RepoModels.SileroVad, options);
        using torch.Tensor input = torch.rand(new long[] { 1, 512 }, device: torch.CUDA);
        using torch.Tensor state = torch.zeros(new long[] { 2, 1, 128 }, device: torch.CUDA);
        using torch.Tensor sr = torch.tensor(16000L, device: torch.CUDA);
        var inputs = new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr };
        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(inputs);
        Assert.All(outputs, o => Assert.Equal(DeviceType.CUDA, o.device_type));
        foreach (torch.Tensor o in outputs) o.Dispose();
    }
}
