namespace OnnxTyped;

/// <summary>
/// Whether an input may stay bound across calls. ONNX Runtime reads a bound buffer in place only when it lives where
/// the input is consumed (same device type and ordinal, <c>IOBinding::BindInput</c> → <c>utils::CopyOneInputAcrossDevices</c>);
/// otherwise it copies the buffer at bind time and every later run reads that copy. Such an input must be bound again
/// on every call, or a buffer refilled in place (torch's caching allocator hands back the same address frame after
/// frame) would feed the first call's values forever.
/// </summary>
internal static class InputResidency
{
    /// <summary>
    /// True when a buffer on <paramref name="buffer"/> is read in place by a consumer on <paramref name="consumedOn"/>, so
    /// an unchanged address may keep its binding; false when ONNX Runtime copies it at bind time, or when the session did
    /// not say where the input is consumed.
    /// </summary>
    public static bool StaysBound(BufferDevice buffer, BufferDevice? consumedOn) => consumedOn is { } consumer && consumer == buffer;
}
