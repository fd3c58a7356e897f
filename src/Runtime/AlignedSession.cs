using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// A session opened by <see cref="SessionDevice.Open"/> with the device its tensors must live on.
/// The caller owns <see cref="Session"/> and disposes it (directly, or through whatever wraps it).
/// </summary>
public sealed class AlignedSession
{
    internal AlignedSession(InferenceSession session, torch.Device device, IReadOnlyList<string> providers, DeviceAlignmentDecision decision)
    {
        Session = session;
        Device = device;
        Providers = providers;
        Decision = decision;
    }

    /// <summary>The open session; owned by the caller.</summary>
    public InferenceSession Session { get; }

    /// <summary>The effective device: where inputs go and outputs come back. The requested one, or the CPU after a fallback.</summary>
    public torch.Device Device { get; }

    /// <summary>The execution providers the session was created with, highest priority first.</summary>
    public IReadOnlyList<string> Providers { get; }

    /// <summary>The device decision, with the warning that was logged when the model fell back to the CPU.</summary>
    public DeviceAlignmentDecision Decision { get; }
}
