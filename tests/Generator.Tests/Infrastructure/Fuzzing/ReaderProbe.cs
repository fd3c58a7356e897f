using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OnnxTyped.Generator.Emitter;
using OnnxTyped.Generator.Parser;
using OnnxTyped.Generator.Reader;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>
/// Runs one input through what the generator does with a model file, and checks what the fuzz tests
/// promise of every input: the reader gives a model or throws its own <see cref="MalformedModelException"/>
/// (nothing else escapes it) and allocates within a bound set by the bytes it read, never by a length the
/// file declares; the parser gives a spec or a diagnostic, never blames itself, and agrees with the reader;
/// a spec's generated source parses without errors; and reading, parsing and emitting take under a second
/// of the thread's CPU time (<see cref="ThreadCpuClock"/>).
/// </summary>
internal static class ReaderProbe
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(1);

    /// <summary>What the reader may allocate: its 16 KiB buffer and small objects, plus this much per byte it read (strings, value infos, dims).</summary>
    public const long FixedAllocationAllowance = 64 * 1024;
    public const long AllocationPerByteRead = 64;

    private static readonly ModelFileOptions Options = new("/fuzz/model.onnx", "", "", "Fuzz", "");

    // Hashes of the generated sources already parsed (a hash collision skips one parse: the other checks still run).
    private static readonly ConcurrentDictionary<int, byte> CheckedSources = new();

    /// <summary>
    /// Checks one input; throws <see cref="FuzzFailure"/> when a promise is broken. Roslyn parses one generated
    /// source in <paramref name="parseOneSourceIn"/> (by its hash): that check is the test's own and costs more
    /// than the rest together, and <c>HostileModelTests</c> compiles hostile sources in full.
    /// </summary>
    public static ProbeResult Check(SplicedBytes input, int parseOneSourceIn = 1)
    {
        (bool read, long allocated, long bytesRead) = ReadAndMeasure(input);

        (Result<ModelSpec> result, string? source, TimeSpan elapsed) = Generate(input);
        if (result.Value is null && result.Diagnostics.Count == 0) throw new FuzzFailure("the parser gave neither a spec nor a diagnostic");
        if (result.Diagnostics.Any(d => d.MessageArgs.Any(a => a.Contains("the reader failed unexpectedly", StringComparison.Ordinal))))
            throw new FuzzFailure("the parser caught an exception of the reader: " + string.Join("; ", result.Diagnostics.SelectMany(d => d.MessageArgs)));
        if (read && result.Diagnostics.Any(d => d.DescriptorId == Diagnostics.ModelMalformed.Id))
            throw new FuzzFailure("the reader read the model but the parser called it malformed");
        if (!read && result.Value is not null)
            throw new FuzzFailure("the reader refused the model but the parser built a spec");

        if (elapsed > TimeLimit)
        {
            // A first run pays for JIT, and a garbage collection may land on any input. A slow input (a hang,
            // quadratic work) is slow every time; an unlucky one is not.
            for (int retry = 0; retry < 2 && elapsed > TimeLimit; retry++) elapsed = TimeSpan.FromTicks(Math.Min(elapsed.Ticks, Generate(input).Elapsed.Ticks));
            if (elapsed > TimeLimit) throw new FuzzFailure($"reading, parsing and emitting took {elapsed.TotalMilliseconds:F0} ms at best of three");
        }

        // The test's own check, not timed: Roslyn parsing megabytes of generated source is the compiler's work.
        // Most mutations change nothing the class shows, so a source already parsed is not parsed again.
        // (string.GetHashCode is seeded per process: each run parses a different share of the sources.)
        int hash = source?.GetHashCode() ?? 0;
        if (source is not null && (hash & 0x7FFFFFFF) % parseOneSourceIn == 0 && CheckedSources.TryAdd(hash, 0))
        {
            Diagnostic[] errors = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            if (errors.Length > 0) throw new FuzzFailure("the generated source does not parse: " + string.Join("; ", errors.Take(3)));
        }
        return new ProbeResult(read, result.Value is not null, allocated, bytesRead, elapsed);
    }

    /// <summary>The reader alone: whether it read a model, what it allocated and how many bytes it read.</summary>
    private static (bool Read, long Allocated, long BytesRead) ReadAndMeasure(SplicedBytes input)
    {
        using var counted = new CountingStream(input.OpenRead());
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool read;
        try
        {
            ModelProtoReader.Read(counted, CancellationToken.None);
            read = true;
        }
        catch (MalformedModelException)
        {
            read = false;
        }
        catch (Exception e)
        {
            throw new FuzzFailure($"the reader threw {e.GetType().Name}, not MalformedModelException: {e.Message}", e);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long allowance = FixedAllocationAllowance + AllocationPerByteRead * counted.BytesRead;
        if (allocated > allowance)
            throw new FuzzFailure($"the reader allocated {allocated} bytes after reading {counted.BytesRead} of {input.Length} (allowed {allowance})");
        return (read, allocated, counted.BytesRead);
    }

    /// <summary>What the generator does with the file (the parser reads it again), timed.</summary>
    private static (Result<ModelSpec> Result, string? Source, TimeSpan Elapsed) Generate(SplicedBytes input)
    {
        TimeSpan start = ThreadCpuClock.Now;
        Result<ModelSpec> result;
        using (Stream stream = input.OpenRead())
        {
            try
            {
                result = ModelSpecParser.Parse(stream, Options, CancellationToken.None);
            }
            catch (Exception e)
            {
                throw new FuzzFailure($"the parser threw {e.GetType().Name}: {e.Message}", e);
            }
        }
        string? source = null;
        try
        {
            if (result.Value is { } spec) source = ModelClassEmitter.Emit(spec, withTorch: true);
        }
        catch (Exception e)
        {
            throw new FuzzFailure($"the emitter threw {e.GetType().Name}: {e.Message}", e);
        }
        return (result, source, ThreadCpuClock.Now - start);
    }
}
