using System;
using System.Collections.Generic;

namespace OnnxTyped;

/// <summary>
/// A model was requested on a CUDA device, but its ONNX Runtime session runs no GPU execution provider
/// (none was requested, or none could be registered on this machine), and
/// <see cref="DeviceFallback.Fail"/> was asked for. The message names the requested device and the
/// providers in effect; the inner exception, when there is one, is why a GPU provider could not be registered.
/// </summary>
public sealed class OnnxDeviceUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public OnnxDeviceUnavailableException(string requestedDevice, IReadOnlyList<string> providersInEffect, string message, Exception? innerException)
        : base(message, innerException)
    {
        RequestedDevice = requestedDevice;
        ProvidersInEffect = providersInEffect;
    }

    /// <summary>The device the model was requested on, e.g. <c>cuda:0</c>.</summary>
    public string RequestedDevice { get; }

    /// <summary>The execution providers the session would run with.</summary>
    public IReadOnlyList<string> ProvidersInEffect { get; }
}
