using System;
using System.Globalization;

namespace OnnxTyped.Hosting;

/// <summary>Reads a device as configuration writes it: <c>cpu</c>, <c>cuda</c> (device 0) or <c>cuda:N</c>.</summary>
internal static class DeviceName
{
    public static bool TryParse(string? text, out BufferDevice device)
    {
        device = BufferDevice.Cpu;
        string name = (text ?? "").Trim().ToLowerInvariant();
        if (name == "cpu") return true;
        if (name == "cuda")
        {
            device = BufferDevice.Cuda(0);
            return true;
        }
        if (name.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index <= 1023)
        {
            device = BufferDevice.Cuda(index);
            return true;
        }
        return false;
    }
}
