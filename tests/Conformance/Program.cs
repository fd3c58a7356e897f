using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped.Conformance;

/// <summary>
/// Runs ONNX's backend test data through the generator and the runtime (the typed column) and
/// through ONNX Runtime's plain Run (the raw column). The last line on stdout is
/// <c>conformance: typed T/N passed, raw R/N passed, generator failures G</c>.
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
        bool someFoldersLeftOut = options.Folders.Count > 0 && TestDiscovery.Find(options.Root, Array.Empty<string>(), out _)
            .Select(t => t.Folder).Distinct().Any(f => !options.Folders.Contains(f));
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
            Console.WriteLine($"  {t.Folder,-18} typed {t.TypedPassed,4}/{t.Tests,-4} raw {t.RawPassed,4}/{t.Tests,-4} diagnostics {t.Diagnostics,4}  generator failures {t.GeneratorFailures}");

        if (options.ReportPath is { } reportPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(reportPath))!);
            File.WriteAllText(reportPath, ReportWriter.Write(outcomes, totals, skipped, options.ReportCommand(someFoldersLeftOut)));
            Console.WriteLine("report: " + reportPath);
        }
        if (options.WriteTotalsPath is { } writePath) ExpectedTotals.Write(writePath, totals);

        int exitCode = 0;
        if (options.CheckTotalsPath is { } checkPath)
        {
            var problems = ExpectedTotals.Regressions(checkPath, totals).ToList();
            FolderTotals all = totals[^1];
            if (all.GeneratorFailures > 0) problems.Add($"{all.GeneratorFailures} generator failures (must be 0)");
            foreach (string problem in problems) Console.Error.WriteLine("regression: " + problem);
            if (problems.Count > 0) exitCode = 1;
        }

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s]");
        FolderTotals total = totals[^1];
        Console.WriteLine($"conformance: typed {total.TypedPassed}/{total.Tests} passed, raw {total.RawPassed}/{total.Tests} passed, generator failures {total.GeneratorFailures}");
        return exitCode;
    }

    private static void RunAll(List<TestOutcome> outcomes, BatchCompiler compiler, HarnessOptions options, Stopwatch clock)
    {
        // One thread per session each way: the tests are tiny, and both columns run alike.
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

            outcome.Typed = TypedPrerequisite(outcome)
                ?? TimeBox.Run(() => TypedRunner.Run(outcome, compiler.LoadedTypes[outcome.ClassFullName!], data, sessionOptions), options.Timeout);

            if (outcome.Typed.Passed)
            {
                BatchProbe.Result probe = default;
                ColumnResult probed = TimeBox.Run(() =>
                {
                    probe = BatchProbe.Run(outcome, compiler.LoadedTypes[outcome.ClassFullName!], data, sessionOptions);
                    return ColumnResult.Pass;
                }, options.Timeout);
                outcome.BatchProbe = probed.Passed ? probe : new BatchProbe.Result(true, false, "the probe failed: " + probed.Reason);
            }

            if (verbose) Console.Error.WriteLine($"  raw: {outcome.Raw.Reason ?? "passed"}\n  typed: {outcome.Typed.Reason ?? "passed"}");
            if ((i + 1) % 200 == 0) Console.WriteLine($"ran {i + 1}/{outcomes.Count} [{clock.Elapsed.TotalSeconds:0.0} s]");
        }
    }

    /// <summary>Why the typed column cannot run at all (no class, or it did not compile), else null.</summary>
    private static ColumnResult? TypedPrerequisite(TestOutcome outcome) => outcome.Generator switch
    {
        GeneratorStatus.Diagnostic => ColumnResult.Fail(string.Join("; ", outcome.GeneratorMessages)),
        GeneratorStatus.Failure => ColumnResult.Fail("generator failure: " + string.Join("; ", outcome.GeneratorMessages)),
        _ when outcome.CompileErrors is not null => ColumnResult.Fail("the generated class does not compile: " + outcome.CompileErrors),
        _ => null,
    };
}
