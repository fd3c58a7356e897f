using System;
using System.Runtime.InteropServices;

namespace OnnxTyped.Benchmarks.Models;

/// <summary>
/// Checks, before anything is timed, that a variant computes exactly what the classic API computes: the
/// same outputs, bit for bit. A variant that binds the wrong buffer would otherwise just look fast.
/// </summary>
internal static class OutputCheck
{
    public static void RequireBitEqual(string variant, BenchmarkModel model, float[][] actual)
    {
        float[][] expected = model.ClassicOutputs;
        if (actual.Length != expected.Length)
            throw new InvalidOperationException($"{variant} on {model.Name}: {actual.Length} outputs, the classic API gave {expected.Length}.");
        for (int o = 0; o < expected.Length; o++)
        {
            if (actual[o].Length != expected[o].Length)
                throw new InvalidOperationException(
                    $"{variant} on {model.Name}: output '{model.OutputNames[o]}' has {actual[o].Length} elements, the classic API gave {expected[o].Length}.");
            ReadOnlySpan<int> actualBits = MemoryMarshal.Cast<float, int>(actual[o]);
            ReadOnlySpan<int> expectedBits = MemoryMarshal.Cast<float, int>(expected[o]);
            int first = actualBits.CommonPrefixLength(expectedBits);
            if (first < expectedBits.Length)
                throw new InvalidOperationException(
                    $"{variant} on {model.Name}: output '{model.OutputNames[o]}' differs from the classic API at element {first}: " +
                    $"{actual[o][first]:R} instead of {expected[o][first]:R}.");
        }
    }
}
