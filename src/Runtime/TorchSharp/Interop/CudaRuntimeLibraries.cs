using System;
using System.Collections.Generic;
using System.IO;

namespace OnnxTyped.Interop;

/// <summary>Which CUDA runtime library to load, as a pure function of what the process has mapped (unit-tested).</summary>
internal static class CudaRuntimeLibraries
{
    /// <summary>The names tried when none is mapped yet, newest first: ONNX Runtime 1.31's CUDA provider links CUDA 13.</summary>
    public static readonly IReadOnlyList<string> Names = new[] { "libcudart.so.13", "libcudart.so.12", "libcudart.so", "cudart64_13.dll", "cudart64_12.dll" };

    /// <summary>
    /// The libraries to try, in order: first the mapped files (<paramref name="mappedPaths"/>, by full path) whose file name is
    /// one of <paramref name="names"/> or a versioned form of one (<c>libcudart.so.13.0.48</c>), in the order of
    /// <paramref name="names"/>; then <paramref name="names"/> themselves. A loaded copy is the one ONNX Runtime's provider
    /// uses, where loading by name may resolve to another copy on the library path. Torch's own copy, shipped under a hashed
    /// name (<c>libcudart-&lt;hash&gt;.so.12</c>), is not matched: ONNX Runtime's comes first when both are loaded.
    /// </summary>
    public static IReadOnlyList<string> Candidates(IReadOnlyList<string> mappedPaths, IReadOnlyList<string> names)
    {
        var candidates = new List<string>();
        foreach (string name in names)
            foreach (string path in mappedPaths)
            {
                string file = Path.GetFileName(path);
                bool matches = string.Equals(file, name, StringComparison.Ordinal)
                    || (file.StartsWith(name + ".", StringComparison.Ordinal) && !file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
                if (matches && !candidates.Contains(path)) candidates.Add(path);
            }
        foreach (string name in names) candidates.Add(name);
        return candidates;
    }
}
