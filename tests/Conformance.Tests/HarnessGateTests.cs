using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace OnnxTyped.Conformance.Tests;

/// <summary>The real harness (<c>dotnet OnnxTyped.Conformance.dll</c>, as <c>eng/test.sh</c> runs it) on <see cref="SmallDataRoot"/>.</summary>
public sealed class HarnessGateTests : IClassFixture<SmallDataRoot>
{
    // What the harness finds on the small data root; the files below are written by hand, not by the code under test.
    private const string AsTheyAre = """
        { "node": { "tests": 3, "typed": 2, "torch-free": 2, "raw": 2,
                    "results": { "test_abs": "typed torch-free raw", "test_max_int16": "none", "test_neg": "typed torch-free raw" } } }
        """;

    private readonly SmallDataRoot _data;

    public HarnessGateTests(SmallDataRoot data) => _data = data;

    [Fact]
    public void LostPassOffsetByGainedPassFailsTheRun()
    {
        // The same totals as the run (2 in each column), with test_max_int16 and test_neg swapped.
        string expected = Expected("swapped.json", """
            { "node": { "tests": 3, "typed": 2, "torch-free": 2, "raw": 2,
                        "results": { "test_abs": "typed torch-free raw", "test_max_int16": "typed torch-free raw", "test_neg": "none" } } }
            """);

        ProcessResult run = Harness("--root", _data.Root, "--check-totals", expected);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("gate failure: node/test_max_int16 lost its typed, torch-free and raw passes (recorded: typed torch-free raw, now: none)", run.StandardError);
        Assert.Contains("gate: node/test_neg gained its typed, torch-free and raw passes (recorded: none, now: typed torch-free raw)", run.StandardOutput);
        Assert.Equal(
            new[] { "gate: failed, 1 failure", "conformance: typed 2/3 passed, torch-free 2/3 passed, raw 2/3 passed, generator failures 0" },
            LastLines(run, 2));
    }

    [Fact]
    public void RecordedFolderMissingFromTheDataRootFailsTheRun()
    {
        string expected = Expected("missing-folder.json", """
            {
              "node": { "tests": 3, "typed": 2, "torch-free": 2, "raw": 2,
                        "results": { "test_abs": "typed torch-free raw", "test_max_int16": "none", "test_neg": "typed torch-free raw" } },
              "simple": { "tests": 1, "typed": 1, "torch-free": 1, "raw": 1, "results": { "test_sign_model": "typed torch-free raw" } }
            }
            """);

        ProcessResult run = Harness("--root", _data.Root, "--check-totals", expected);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("gate failure: simple: recorded with 1 tests, but the data root has no such folder", run.StandardError);
        Assert.Equal("gate: failed, 1 failure", LastLines(run, 2)[0]);
    }

    [Fact]
    public void UnchangedResultsPassAndReRecordingWritesThem()
    {
        ProcessResult check = Harness("--root", _data.Root, "--check-totals", Expected("as-they-are.json", AsTheyAre));
        string recorded = Path.Combine(_data.Folder, "recorded.json");
        ProcessResult record = Harness("--root", _data.Root, "--record-totals", recorded);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal("gate: passed, every test as recorded", LastLines(check, 2)[0]);
        Assert.True(record.ExitCode == 0, record.ToString());
        RunRecord read = RunRecordJson.Parse(File.ReadAllText(recorded));
        Assert.Equal(RunRecordJson.Write(RunRecordJson.Parse(AsTheyAre)), RunRecordJson.Write(read));
    }

    private string Expected(string name, string json)
    {
        string path = Path.Combine(_data.Folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static ProcessResult Harness(params string[] arguments)
    {
        string harness = typeof(HarnessGateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ConformanceHarness").Value!;
        Assert.True(File.Exists(harness), $"the harness '{harness}' is not built");
        // Under dotnet test, DOTNET_HOST_PATH is the dotnet that runs the tests.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return ChildProcess.Run(dotnet, arguments.Prepend(harness).ToList());
    }

    private static string[] LastLines(ProcessResult run, int count) =>
        run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(count).ToArray();
}
