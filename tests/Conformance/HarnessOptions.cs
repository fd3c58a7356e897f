using System;
using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped.Conformance;

/// <summary>The command line.</summary>
internal sealed class HarnessOptions
{
    public const string Usage =
        "usage: OnnxTyped.Conformance [--root DIR] [--folders node,simple,...] [--report FILE] [--check-totals FILE]\n" +
        "                             [--record-totals FILE] [--filter TEXT] [--dump-sources DIR] [--batch-size N] [--timeout SECONDS]\n" +
        "  --root DIR           data root (default /usr/share/libonnx-testdata/data, from the Debian package libonnx-testdata)\n" +
        "  --folders LIST       only these folders of the root (default: all)\n" +
        "  --report FILE        write the markdown report there (e.g. docs/conformance.md)\n" +
        "  --check-totals FILE  the regression gate: compare each test with the results recorded in FILE and print what\n" +
        "                       changed; exit 1 when a recorded folder or test did not run, an unrecorded one ran, or a test lost a pass\n" +
        "  --record-totals FILE record this run's results in FILE (e.g. tests/Conformance/expected-totals.json)\n" +
        "  --filter TEXT        only tests whose folder/name contains TEXT (for debugging one test)\n" +
        "  --dump-sources DIR   also write each generated class to DIR/<folder>/<test>.g.cs\n" +
        "  --batch-size N       generated classes per compilation (default 100)\n" +
        "  --timeout SECONDS    limit for each column of each test (default 60)";

    public const string DefaultRoot = "/usr/share/libonnx-testdata/data";

    public string Root { get; private set; } = DefaultRoot;
    public List<string> Folders { get; } = new();
    public string? ReportPath { get; private set; }
    public string? CheckTotalsPath { get; private set; }
    public string? RecordTotalsPath { get; private set; }
    public string? Filter { get; private set; }
    public string? DumpSourcesPath { get; private set; }
    public int BatchSize { get; private set; } = 100;
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(60);

    /// <exception cref="ArgumentException">An unknown option or a missing value; the message says which.</exception>
    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--root": options.Root = Value(); break;
                case "--folders": options.Folders.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--report": options.ReportPath = Value(); break;
                case "--check-totals": options.CheckTotalsPath = Value(); break;
                case "--record-totals": options.RecordTotalsPath = Value(); break;
                case "--filter": options.Filter = Value(); break;
                case "--dump-sources": options.DumpSourcesPath = Value(); break;
                case "--batch-size": options.BatchSize = PositiveInt(args[i], Value()); break;
                case "--timeout": options.Timeout = TimeSpan.FromSeconds(PositiveInt(args[i], Value())); break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        if (options.Filter is not null && (options.CheckTotalsPath ?? options.RecordTotalsPath) is not null)
            throw new ArgumentException("--check-totals and --record-totals work on whole folders; they cannot be combined with --filter");
        return options;
    }

    private static int PositiveInt(string option, string text) =>
        int.TryParse(text, out int value) && value > 0 ? value : throw new ArgumentException($"{option} needs a positive number, not '{text}'");

    /// <summary>
    /// The command that reproduces this report: the options that decide its content, in a fixed
    /// order, so the committed report does not change with how a run was invoked.
    /// </summary>
    /// <param name="someFoldersLeftOut">True when <c>--folders</c> left out a folder of the root that has tests.</param>
    public string ReportCommand(bool someFoldersLeftOut)
    {
        string command = "dotnet run -c Release --project tests/Conformance --";
        if (Root != DefaultRoot) command += " --root " + Root;
        if (someFoldersLeftOut) command += " --folders " + string.Join(",", Folders);
        if (Filter is not null) command += " --filter " + Filter;
        return command + " --report docs/conformance.md";
    }
}
