using System;
using System.Globalization;

namespace OnnxTyped;

/// <summary>
/// Where a buffer lives: the CPU, or one CUDA device by ordinal. The binding core's own device, so that it needs no
/// front-end's device type (a front-end converts, e.g. a torch device).
/// </summary>
/// <param name="Kind">CPU or CUDA.</param>
/// <param name="Index">The CUDA device ordinal; always 0 for the CPU.</param>
public readonly record struct BufferDevice(BufferDeviceKind Kind, int Index)
{
    /// <summary>Host memory.</summary>
    public static BufferDevice Cpu => new(BufferDeviceKind.Cpu, 0);

    /// <summary>CUDA device <paramref name="index"/>.</summary>
    public static BufferDevice Cuda(int index = 0) =>
        index >= 0 ? new(BufferDeviceKind.Cuda, index) : throw new ArgumentOutOfRangeException(nameof(index), index, "A CUDA device ordinal cannot be negative.");

    /// <summary>True for a CUDA device.</summary>
    public bool IsCuda => Kind == BufferDeviceKind.Cuda;

    /// <summary>The device as users read it: <c>cpu</c>, <c>cuda:0</c>.</summary>
    public override string ToString() =>
        IsCuda ? "cuda:" + Index.ToString(CultureInfo.InvariantCulture) : "cpu";
}
