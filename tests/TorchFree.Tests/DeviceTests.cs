using System;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// Devices and references without TorchSharp: a CUDA request on a machine without a GPU provider falls back to the
/// CPU (or throws when asked to), and nothing in this project brings TorchSharp in.
/// </summary>
public sealed class DeviceTests
{
    [Fact]
    public void ACudaRequestWithoutAGpuProvider_FallsBackToTheCpu_AndRuns()
    {
        string path = Path.Combine(Path.GetTempPath(), "onnxtyped-torchfree-mlp-" + Guid.NewGuid().ToString("N") + ".onnx");
        File.WriteAllBytes(path, ReadyModels.Mlp(8, 8, 4, seed: 7));
        try
        {
            using InferenceSession plain = Models.Open(path);
            using ModelSession model = ModelSession.ForDevice(path, ModelSignature.Of(plain), BufferDevice.Cuda(0), DeviceFallback.UseCpu);
            Assert.Equal(BufferDevice.Cpu, model.Device);
            using OnnxTensor<float> x = OnnxTensor<float>.FromArray(Enumerable.Range(0, 8).Select(i => i / 8f).ToArray(), 1, 8);
            OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
            PlainRun.AssertSame(plain, new OnnxTensor[] { x }, outputs);
            outputs[0].Dispose();

            Assert.Throws<OnnxDeviceUnavailableException>(() =>
                ModelSession.ForDevice(path, ModelSignature.Of(plain), BufferDevice.Cuda(0), DeviceFallback.Fail).Dispose());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NothingInThisProject_BringsTorchSharp()
    {
        // Neither loaded nor copied beside the tests: the core and ONNX Runtime are all a torch-free project gets.
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name!.StartsWith("TorchSharp", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll")));
        string deps = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "OnnxTyped.TorchFree.Tests.deps.json"));
        Assert.DoesNotContain("TorchSharp", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("libtorch", deps, StringComparison.Ordinal);
    }
}
