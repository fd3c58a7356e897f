using System;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// ONNX Runtime's CUDA data transfer in the process's <c>OrtEnv</c>, which <c>OrtEnv.CopyTensors</c> needs for any copy
/// to or from CUDA memory. <c>CopyTensors</c> finds its data transfer among the execution provider libraries registered in
/// the environment; a session's CUDA provider (appended to its options) is not one of them. So the first such copy
/// registers the CUDA provider library ONNX Runtime's GPU build ships (it exports <c>CreateEpFactories</c> since 1.23) under
/// <see cref="RegistrationName"/>, once per process. A file name without a folder is looked for beside ONNX Runtime's own
/// library. Never verified on a GPU here (docs/cuda.md).
/// </summary>
internal static class CudaDataTransfer
{
    /// <summary>The name the CUDA provider library is registered under in the <c>OrtEnv</c>.</summary>
    public const string RegistrationName = "OnnxTyped.CudaDataTransfer";

    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>The CUDA provider library's file name in ONNX Runtime's GPU build on this operating system.</summary>
    public static string LibraryFileName(bool windows) =>
        windows ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";

    /// <summary>Registers the CUDA provider library in the <c>OrtEnv</c> unless this process already did.</summary>
    /// <exception cref="InvalidOperationException">ONNX Runtime could not register it (a CPU build, or no CUDA libraries).</exception>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered) return;
            string library = LibraryFileName(OperatingSystem.IsWindows());
            try
            {
                OrtEnv.Instance().RegisterExecutionProviderLibrary(RegistrationName, library);
            }
            catch (OnnxRuntimeException e)
            {
                // Not remembered: a later copy tries again (the libraries may have been installed meanwhile).
                throw new InvalidOperationException(
                    $"Copying to or from CUDA memory needs ONNX Runtime's CUDA data transfer, and registering '{library}' with ONNX Runtime failed: " +
                    $"{e.Message} Use the GPU build of ONNX Runtime (Microsoft.ML.OnnxRuntime.Gpu) with its CUDA libraries.", e);
            }
            _registered = true;
        }
    }
}
