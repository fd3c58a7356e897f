using System;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped.ExecutionProviders.Tests;

/// <summary>What this machine's ONNX Runtime GPU build can do, asked once.</summary>
internal static class OnnxRuntimeGpuBuild
{
    private static readonly Lazy<string?> CudaLoadError = new(() =>
    {
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(0);
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return e.Message;
        }
    });

    /// <summary>True when the CUDA provider registers here (a GPU machine with CUDA libraries).</summary>
    public static bool CudaProviderLoads => CudaLoadError.Value is null;
}
