using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using CsCheck;
using OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;
using Xunit;
using Xunit.Abstractions;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// A model file is untrusted input to the compiler. Mutations of real and ONNX backend test models (see
/// <see cref="ModelMutations"/>) each give a model or a diagnostic, with nothing but the reader's own
/// exception escaping it, in bounded memory and under a second (<see cref="ReaderProbe"/>). Every input
/// that ever failed is kept in ReaderCorpus/ and replayed. docs/robustness.md has the commands and results.
/// </summary>
public sealed class ReaderFuzzTests
{
    /// <summary>How many mutated inputs to try (10,000 by default; the long run sets 1,000,000).</summary>
    public const string InputsVariable = "ONNXTYPED_FUZZ_INPUTS";

    /// <summary>A CsCheck seed, to replay the run a failure message names.</summary>
    public const string SeedVariable = "ONNXTYPED_FUZZ_SEED";

    private const int DefaultInputs = 10_000;

    private readonly ITestOutputHelper _output;

    public ReaderFuzzTests(ITestOutputHelper output) => _output = output;

    private static bool LongRun => Environment.GetEnvironmentVariable(InputsVariable) is not null;

    [Fact]
    public void MutatedModelsEachGiveAModelOrADiagnosticWithinBounds()
    {
        Assert.True(FuzzSeeds.Backend.Count >= 1000, $"the ONNX backend test models are missing from {FuzzSeeds.BackendTestData}: install libonnx-testdata (eng/test.sh does)");
        int inputs = int.Parse(Environment.GetEnvironmentVariable(InputsVariable) ?? DefaultInputs.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var statistics = new FuzzStatistics();
        var failures = new ConcurrentBag<(FuzzInput Input, byte[] Bytes, string Message)>();
        var clock = Stopwatch.StartNew();
        try
        {
            ModelMutations.Inputs(FuzzSeeds.Real, FuzzSeeds.Backend).Sample(
                input =>
                {
                    SplicedBytes? bytes = null;
                    try
                    {
                        bytes = input.Bytes();
                        statistics.Add(ReaderProbe.Check(bytes, parseOneSourceIn: LongRun ? 1 : 4), input);
                    }
                    catch (Exception e)
                    {
                        // A FuzzFailure is the code under test; anything else is this harness failing, kept the same way.
                        string what = e is FuzzFailure ? e.ToString() : "the fuzz harness itself threw: " + e;
                        failures.Add((input, bytes is not null && bytes.Length <= MaxCorpusBytes ? bytes.ToArray() : Array.Empty<byte>(), what));
                        throw;
                    }
                },
                seed: Environment.GetEnvironmentVariable(SeedVariable),
                iter: inputs,
                print: input => input.ToString());
        }
        catch (CsCheckException e)
        {
            // CsCheck went on to look for smaller failing inputs: keep the smallest, so the fix has a short reproducer.
            (FuzzInput input, byte[] bytes, string message) = failures.OrderBy(f => f.Bytes.Length == 0 ? long.MaxValue : f.Bytes.Length).First();
            string saved = bytes.Length > 0 ? FuzzCorpus.Save(bytes, input + "\n" + message) : "(not saved: too large for the corpus, or never built; make a small reproducer by hand)";
            Assert.Fail($"{failures.Count} failing inputs; the smallest: {input}\nsaved as {saved}\n{message}\n\n{e.Message.Split('\n')[0]}");
        }
        _output.WriteLine($"{statistics} in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(inputs, statistics.Inputs);
    }

    [Fact]
    public void EveryTruncationOfTheSeedsGivesAModelOrADiagnostic()
    {
        // The normal run cuts every 25th backend model at every length and the real models at every length of
        // their first 4 KiB and every 4,099th byte after; the long run cuts every backend model at every
        // length, and the real models at every length of their first 256 KiB and every 61st byte after.
        var statistics = new FuzzStatistics();
        var clock = Stopwatch.StartNew();
        foreach (FuzzSeed seed in FuzzSeeds.Backend.Where((_, i) => LongRun || i % 25 == 0))
            for (int length = 0; length < seed.Bytes.Length; length++) Truncated(seed, length, statistics);
        foreach (FuzzSeed seed in FuzzSeeds.Real)
        {
            int dense = LongRun ? 256 * 1024 : 4 * 1024;
            int stride = LongRun ? 61 : 4099;
            for (int length = 0; length < seed.Bytes.Length; length += length < dense ? 1 : stride) Truncated(seed, length, statistics);
        }
        _output.WriteLine($"{statistics} in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(statistics.Inputs > 5_000, statistics.ToString());
    }

    [Fact]
    public void EveryInputThatEverFailedNowPasses()
    {
        Assert.NotEmpty(FuzzCorpus.Inputs);
        foreach (string path in FuzzCorpus.Inputs)
        {
            try
            {
                ReaderProbe.Check(new SplicedBytes(File.ReadAllBytes(path)));
            }
            catch (FuzzFailure failure)
            {
                Assert.Fail($"{Path.GetFileName(path)} ({File.ReadAllLines(Path.ChangeExtension(path, ".txt"))[0]}) fails again: {failure.Message}");
            }
        }
    }

    private const int MaxCorpusBytes = 1 << 20;

    private static void Truncated(FuzzSeed seed, int length, FuzzStatistics statistics)
    {
        SplicedBytes bytes = new SplicedBytes(seed.Bytes).Truncate(length);
        string input = $"{seed.Name}: truncate to {length} bytes";
        try
        {
            statistics.Add(ReaderProbe.Check(bytes), input);
        }
        catch (FuzzFailure failure)
        {
            string saved = FuzzCorpus.Save(bytes.ToArray(), $"{input}\n{failure}");
            Assert.Fail($"{input}: {failure.Message} (saved as {saved})");
        }
    }
}
