namespace OnnxTyped;

/// <summary>The outcome of <see cref="DeviceAlignment.Decide"/>: the device buffers should live on, and the warning to log when it is not the requested one.</summary>
/// <param name="EffectiveDevice">The device to put inputs and outputs on.</param>
/// <param name="Warning">Why the device differs from the requested one; <see langword="null"/> when it does not.</param>
public sealed record DeviceAlignmentDecision(BufferDevice EffectiveDevice, string? Warning)
{
    /// <summary>True when the model runs on another device than requested.</summary>
    public bool FellBack => Warning is not null;
}
