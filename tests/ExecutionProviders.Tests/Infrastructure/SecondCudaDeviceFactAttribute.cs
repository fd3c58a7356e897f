using System;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.ExecutionProviders.Tests;

/// <summary>A fact that needs two CUDA devices: a session opens on cuda:1 (asked once).</summary>
public sealed class SecondCudaDeviceFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> SecondDeviceOpens = new(() =>
    {
        if (!OnnxRuntimeGpuBuild.CudaProviderLoads) return false;
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(1);
            using var session = new InferenceSession(ReadyModels.Identity(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, 1), options);
            return true;
        }
        catch (OnnxRuntimeException)
        {
            return false;
        }
    });

    public SecondCudaDeviceFactAttribute()
    {
        if (!SecondDeviceOpens.Value)
            Skip = "Needs two CUDA GPUs (a session on cuda:1) with the libraries of Microsoft.ML.OnnxRuntime.Gpu 1.31.";
    }
}
