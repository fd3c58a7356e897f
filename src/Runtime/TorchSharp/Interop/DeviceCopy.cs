using System;

namespace OnnxTyped.Interop;

/// <summary>One device-to-device copy of <see cref="Bytes"/> from <see cref="Source"/> to <see cref="Destination"/>, both on one CUDA device.</summary>
internal readonly record struct DeviceCopy(IntPtr Destination, IntPtr Source, long Bytes);
