namespace OnnxTyped;

/// <summary>What to do when a model is requested on a CUDA device but its session can only run on the CPU.</summary>
public enum DeviceFallback
{
    /// <summary>Run on the CPU and log a warning (the default).</summary>
    UseCpu = 0,

    /// <summary>Throw <see cref="OnnxDeviceUnavailableException"/>.</summary>
    Fail = 1,
}
