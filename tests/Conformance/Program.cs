using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.Conformance;

/// <summary>
/// Runs ONNX's backend test data through the generator and the runtime, on TorchSharp tensors (the typed column) and
/// on <c>OnnxTensor&lt;T&gt;</c> (the torch-free column), and through ONNX Runtime's plain Run (the raw column). The
/// last line on stdout is <c>conformance: typed T/N passed, torch-free F/N passed, raw R/N passed, generator failures G</c>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        HarnessOptions options;
        try
        {
            options = HarnessOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(HarnessOptions.Usage);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        if (!Directory.Exists(options.Root))
        {
            Console.Error.WriteLine($"The data root '{options.Root}' does not exist: install the Debian package libonnx-testdata, or pass --root.");
            return 2;
        }
        IReadOnlyList<ConformanceTest> tests = TestDiscovery.Find(options.Root, options.Folders, out IReadOnlyList<string> skipped);
        List<string> dataRootFolders = TestDiscovery.Find(options.Root, Array.Empty<string>(), out _).Select(t => t.Folder).Distinct().ToList();
        bool someFoldersLeftOut = options.Folders.Count > 0 && dataRootFolders.Any(f => !options.Folders.Contains(f));
        if (options.Filter is { } filter) tests = tests.Where(t => t.Id.Contains(filter, StringComparison.Ordinal)).ToList();
        List<TestOutcome> outcomes = tests.Select(t => new TestOutcome(t)).ToList();
        Console.WriteLine($"{tests.Count} tests under {options.Root}" + (skipped.Count > 0 ? $" ({skipped.Count} folders without model.onnx not counted)" : ""));

        var generator = new GeneratorHost();
        foreach (TestOutcome outcome in outcomes) generator.Generate(outcome);
        Console.WriteLine($"generator: {outcomes.Count(o => o.Generator == GeneratorStatus.Class)} classes, " +
                          $"{outcomes.Count(o => o.Generator == GeneratorStatus.Diagnostic)} declined with a diagnostic, " +
                          $"{outcomes.Count(o => o.Generator == GeneratorStatus.Failure)} failures [{clock.Elapsed.TotalSeconds:0.0} s]");

        if (options.DumpSourcesPath is { } dump)
            foreach (TestOutcome outcome in outcomes.Where(o => o.GeneratedSource is not null))
            {
                string file = Path.Combine(dump, outcome.Test.Folder, outcome.Test.Name + ".g.cs");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, outcome.GeneratedSource);
            }

        var compiler = new BatchCompiler();
        compiler.CompileAll(outcomes, options.BatchSize);
        Console.WriteLine($"compiled: {compiler.LoadedTypes.Count} classes loaded, {outcomes.Count(o => o.CompileErrors is not null)} with compile errors, " +
                          $"{outcomes.Count(o => o.CompileWarnings.Count > 0)} with warnings [{clock.Elapsed.TotalSeconds:0.0} s]");

        RunAll(outcomes, compiler, options, clock);

        IReadOnlyList<FolderTotals> totals = FolderTotals.PerFolder(outcomes);
        foreach (FolderTotals t in totals)
            Console.WriteLine($"  {t.Folder,-18} typed {t.TypedPassed,4}/{t.Tests,-4} torch-free {t.TorchFreePassed,4}/{t.Tests,-4} raw {t.RawPassed,4}/{t.Tests,-4} " +
                              $"diagnostics {t.Diagnostics,4}  generator failures {t.GeneratorFailures}");

        RunRecord run = RunRecord.Of(outcomes.Select(o => (o.Test.Folder, o.Test.Name, new PassedColumns(o.Typed.Passed, o.TorchFree.Passed, o.Raw.Passed))));
        GateVerdict? gate = options.CheckTotalsPath is { } checkPath ? CheckGate(checkPath, run, dataRootFolders, outcomes, totals[^1]) : null;

        if (options.ReportPath is { } reportPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(reportPath))!);
            File.WriteAllText(reportPath, ReportWriter.Write(outcomes, totals, skipped, options.ReportCommand(someFoldersLeftOut), gate, options.CheckTotalsPath));
            Console.WriteLine("report: " + reportPath);
        }
        if (options.RecordTotalsPath is { } recordPath)
        {
            File.WriteAllText(recordPath, RunRecordJson.Write(run));
            Console.WriteLine("recorded: " + recordPath);
        }

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s]");
        if (gate is not null) Console.WriteLine(gate.SummaryLine("--record-totals " + options.CheckTotalsPath));
        FolderTotals total = totals[^1];
        Console.WriteLine($"conformance: typed {total.TypedPassed}/{total.Tests} passed, torch-free {total.TorchFreePassed}/{total.Tests} passed, " +
                          $"raw {total.RawPassed}/{total.Tests} passed, generator failures {total.GeneratorFailures}");
        return gate is { Passed: false } ? 1 : 0;
    }

    /// <summary>
    /// Compares this run with the expected file and prints what the gate found: a line per folder and
    /// per gained pass on stdout, each failure on stderr with, for a lost pass, why the test fails now.
    /// </summary>
    private static GateVerdict CheckGate(string path, RunRecord run, IReadOnlyCollection<string> dataRootFolders, IReadOnlyList<TestOutcome> outcomes, FolderTotals all)
    {
        GateVerdict gate;
        try
        {
            gate = ConformanceGate.Compare(RunRecordJson.Parse(File.ReadAllText(path)), run, dataRootFolders);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            gate = GateVerdict.Failed($"{path}: {e.Message}");
        }
        // Not a result the file records, but a generator bug all the same.
        if (all.GeneratorFailures > 0) gate = gate.WithFailure($"{all.GeneratorFailures} generator failures (must be 0)");

        foreach (string line in gate.FolderLines) Console.WriteLine("gate: " + line);
        foreach (TestStateChange gained in gate.Gained.Where(c => !c.Lost.Any)) Console.WriteLine("gate: " + gained.Describe());
        foreach (string failure in gate.Failures) Console.Error.WriteLine("gate failure: " + failure);
        Dictionary<string, TestOutcome> byId = outcomes.ToDictionary(o => o.Test.Id, StringComparer.Ordinal);
        foreach (TestStateChange lost in gate.Changes.Where(c => c.Lost.Any))
        {
            TestOutcome outcome = byId[lost.Id];
            if (lost.Lost.Typed) Console.Error.WriteLine($"  {lost.Id} typed now: {outcome.Typed.Reason}");
            if (lost.Lost.TorchFree) Console.Error.WriteLine($"  {lost.Id} torch-free now: {outcome.TorchFree.Reason}");
            if (lost.Lost.Raw) Console.Error.WriteLine($"  {lost.Id} raw now: {outcome.Raw.Reason}");
        }
        return gate;
    }

    private static void RunAll(List<TestOutcome> outcomes, BatchCompiler compiler, HarnessOptions options, Stopwatch clock)
    {
        // One thread per session each way: the tests are tiny, and every column runs alike.
        using var sessionOptions = new SessionOptions
        {
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
        };
        bool verbose = options.Filter is not null || Environment.GetEnvironmentVariable("CONFORMANCE_VERBOSE") == "1";
        for (int i = 0; i < outcomes.Count; i++)
        {
            TestOutcome outcome = outcomes[i];
            if (verbose) Console.Error.WriteLine("running " + outcome.Test.Id);
            var data = new TestDataCache();

            var runOptions = new RunOptions();
            outcome.Raw = TimeBox.Run(() => RawBaseline.Run(outcome, data, sessionOptions, runOptions), options.Timeout, () => runOptions.Terminate = true);
            if (!outcome.Raw.Reason?.StartsWith("timed out", StringComparison.Ordinal) ?? true) runOptions.Dispose();

            Type? generated = outcome.ClassFullName is { } name && compiler.LoadedTypes.TryGetValue(name, out Type? loaded) ? loaded : null;
            if (generated is not null) outcome.HasWideUnsigned = HasWideUnsigned(generated);
            outcome.Typed = TypedPrerequisite(outcome) ?? NoTorchFrontEnd(outcome)
                ?? TimeBox.Run(() => TypedRunner.Run(outcome, generated!, data, sessionOptions), options.Timeout);
            outcome.TorchFree = TypedPrerequisite(outcome)
                ?? TimeBox.Run(() => TorchFreeRunner.Run(outcome, generated!, data, sessionOptions), options.Timeout);

            if (outcome.Typed.Passed)
            {
                BatchProbe.Result probe = default;
                ColumnResult probed = TimeBox.Run(() =>
                {
                    probe = BatchProbe.Run(outcome, generated!, data, sessionOptions);
                    return ColumnResult.Pass;
                }, options.Timeout);
                outcome.BatchProbe = probed.Passed ? probe : new BatchProbe.Result(true, false, "the probe failed: " + probed.Reason);
            }

            if (verbose)
                Console.Error.WriteLine($"  raw: {outcome.Raw.Reason ?? "passed"}\n  typed: {outcome.Typed.Reason ?? "passed"}\n  torch-free: {outcome.TorchFree.Reason ?? "passed"}");
            if ((i + 1) % 200 == 0) Console.WriteLine($"ran {i + 1}/{outcomes.Count} [{clock.Elapsed.TotalSeconds:0.0} s]");
        }
    }

    /// <summary>True when an input or output of the generated class is uint16, uint32 or uint64.</summary>
    private static bool HasWideUnsigned(Type generated)
    {
        var signature = (ModelSignature)generated.GetProperty("Signature", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return signature.Inputs.Concat(signature.Outputs).Any(t => t.ElementType is TensorElementType.UInt16 or TensorElementType.UInt32 or TensorElementType.UInt64);
    }

    /// <summary>
    /// Why the typed (TorchSharp) column cannot run a class the generator gave the typed front-end only (OTG019: a string,
    /// sequence, optional or map torch cannot hold), else null.
    /// </summary>
    private static ColumnResult? NoTorchFrontEnd(TestOutcome outcome) =>
        outcome.GeneratorMessages.FirstOrDefault(m => m.StartsWith("OTG019", StringComparison.Ordinal)) is { } notice
            ? ColumnResult.Fail("no TorchSharp front-end: " + notice)
            : null;

    /// <summary>Why the typed and torch-free columns cannot run at all (no class, or it did not compile), else null.</summary>
    private static ColumnResult? TypedPrerequisite(TestOutcome outcome) => outcome.Generator switch
    {
        GeneratorStatus.Diagnostic => ColumnResult.Fail(string.Join("; ", outcome.GeneratorMessages)),
        GeneratorStatus.Failure => ColumnResult.Fail("generator failure: " + string.Join("; ", outcome.GeneratorMessages)),
        _ when outcome.CompileErrors is not null => ColumnResult.Fail("the generated class does not compile: " + outcome.CompileErrors),
        _ => null,
    };
}
