using System;
using System.Collections.Generic;

namespace OnnxTyped;

/// <summary>
/// ONNX Runtime could not register an execution provider on this machine: the provider is not in
/// this ONNX Runtime build, or its native libraries (CUDA, cuDNN, TensorRT) or device could not be
/// loaded. The inner exception is ONNX Runtime's own error.
/// </summary>
public sealed class ExecutionProviderUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ExecutionProviderUnavailableException(string providerName, IReadOnlyList<string> availableProviders, string message, Exception? innerException)
        : base(message, innerException)
    {
        ProviderName = providerName;
        AvailableProviders = availableProviders;
    }

    /// <summary>The provider that could not be registered.</summary>
    public string ProviderName { get; }

    /// <summary>The providers this ONNX Runtime build offers (offered is not the same as loadable on this machine).</summary>
    public IReadOnlyList<string> AvailableProviders { get; }
}
