using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// Whether a session can take CUDA inputs. The decision is pure (<see cref="Decide"/>), so every branch is unit-tested
/// without a GPU; <see cref="SessionAccepts"/> feeds it what the session reports.
/// </summary>
internal static class CudaInputs
{
    /// <summary>
    /// Decides from what a session reports: the execution providers placed on its inputs and the memory its inputs live
    /// in. Unknown (nothing reported) counts as yes, so ONNX Runtime itself has the last word.
    /// </summary>
    public static bool Decide(IReadOnlyList<string?> inputProviders, IReadOnlyList<OrtMemoryInfoDeviceType> inputMemory)
    {
        bool anyKnown = false;
        foreach (string? provider in inputProviders)
        {
            if (string.IsNullOrEmpty(provider)) continue;
            anyKnown = true;
            if (ProviderLists.IsGpuProvider(provider!)) return true;
        }
        foreach (OrtMemoryInfoDeviceType memory in inputMemory)
        {
            anyKnown = true;
            if (memory == OrtMemoryInfoDeviceType.GPU) return true;
        }
        return !anyKnown;
    }

    /// <summary>Asks <paramref name="session"/> where its inputs are consumed and decides.</summary>
    public static bool SessionAccepts(InferenceSession session)
    {
        var providers = new List<string?>();
        var memory = new List<OrtMemoryInfoDeviceType>();
        try
        {
            foreach (OrtEpDevice? ep in session.GetEpDeviceForInputs()) providers.Add(ep?.EpName);
        }
        catch (OnnxRuntimeException)
        {
            // Older builds cannot report providers per input; the memory infos below still tell.
        }
        try
        {
            using IDisposableReadOnlyCollection<OrtMemoryInfo> infos = session.GetMemoryInfosForInputs();
            foreach (OrtMemoryInfo info in infos) memory.Add(info.GetDeviceType());
        }
        catch (OnnxRuntimeException)
        {
            // Nothing reported: Decide then leaves the check to ONNX Runtime.
        }
        return Decide(providers, memory);
    }
}
