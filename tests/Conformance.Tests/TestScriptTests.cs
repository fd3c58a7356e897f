using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using Xunit;

namespace OnnxTyped.Conformance.Tests;

/// <summary>
/// <c>eng/test.sh</c>'s closing line and exit code, with a stand-in <c>dotnet</c> first on PATH that
/// prints what <c>dotnet test</c> and the harness would print and exits as they would.
/// </summary>
[SupportedOSPlatform("linux")] // bash and an executable stand-in on PATH
public sealed class TestScriptTests : IDisposable
{
    private const string TestSummary = "Passed!  - Failed:     0, Passed:    12, Skipped:     1, Total:    13, Duration: 2 s - OnnxTyped.Runtime.Tests.dll (net10.0)";

    // The harness's last line; the script reads the gate's line before it, not this one.
    private const string ConformanceLine = "conformance: typed 2/3 passed, torch-free 2/3 passed, raw 2/3 passed, generator failures 0";

    private const string StandInDotnet = """
        #!/usr/bin/env bash
        case "$1" in
          test) printf '%s\n' "$STAND_IN_TEST_OUTPUT"; exit "$STAND_IN_TEST_EXIT" ;;
          run) printf '%s\n' "$STAND_IN_RUN_OUTPUT"; exit "$STAND_IN_RUN_EXIT" ;;
        esac
        exit 99
        """;

    private readonly string _repository = Directory.CreateTempSubdirectory("conformance-test-sh-").FullName;

    public TestScriptTests()
    {
        // The layout the script expects around it: eng/test.sh, tests/Conformance, and our dotnet.
        Directory.CreateDirectory(Path.Combine(_repository, "eng"));
        Directory.CreateDirectory(Path.Combine(_repository, "tests", "Conformance"));
        Directory.CreateDirectory(Path.Combine(_repository, "bin"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "eng", "test.sh"), Path.Combine(_repository, "eng", "test.sh"));
        string dotnet = Path.Combine(_repository, "bin", "dotnet");
        File.WriteAllText(dotnet, StandInDotnet + "\n");
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_repository, recursive: true);

    [Fact]
    public void FailedGateCountsEachOfItsFailures()
    {
        string gateLine = Verdict(3).SummaryLine("--record-totals e.json");

        ProcessResult script = TestScript(TestSummary, 0, "gate failure: ...\n" + gateLine + "\n" + ConformanceLine, 1);

        Assert.Equal("tests: 12 passed, 3 failed, 1 skipped", ClosingLine(script));
        Assert.True(script.ExitCode == 1, script.ToString());
    }

    [Fact]
    public void HarnessThatEndsWithoutAVerdictCountsAsOneFailure()
    {
        ProcessResult script = TestScript(TestSummary, 0, "Unhandled exception.", 134);

        Assert.Equal("tests: 12 passed, 1 failed, 1 skipped", ClosingLine(script));
        Assert.True(script.ExitCode == 134, script.ToString());
    }

    [Fact]
    public void BuildErrorWithoutATestSummaryCountsAsOneFailure()
    {
        ProcessResult script = TestScript("error CS1002: ; expected", 1, "", 0);

        Assert.Equal("tests: 0 passed, 1 failed, 0 skipped", ClosingLine(script));
        Assert.True(script.ExitCode == 1, script.ToString());
    }

    [Fact]
    public void PassedGateAddsNoFailure()
    {
        ProcessResult script = TestScript(TestSummary, 0, Verdict(0).SummaryLine("--record-totals e.json") + "\n" + ConformanceLine, 0);

        Assert.Equal("tests: 12 passed, 0 failed, 1 skipped", ClosingLine(script));
        Assert.True(script.ExitCode == 0, script.ToString());
    }

    [Fact]
    public void EachTargetFrameworksSummaryIsCounted()
    {
        // A project with several target frameworks (the runtime tests: net8.0 and net10.0) prints one summary per framework.
        string bothFrameworks = TestSummary.Replace("(net10.0)", "(net8.0)") + "\n" + TestSummary;

        ProcessResult script = TestScript(bothFrameworks, 0, Verdict(0).SummaryLine("--record-totals e.json") + "\n" + ConformanceLine, 0);

        Assert.Equal("tests: 24 passed, 0 failed, 2 skipped", ClosingLine(script));
        Assert.True(script.ExitCode == 0, script.ToString());
    }

    [Fact]
    public void ConsumerChecksAreCountedEachAsOneTest()
    {
        // eng/consumer-test.sh (the packages in an app outside the repository) closes with its own counts.
        WriteConsumerTest("consumer: FAILED one\nconsumer checks: 5 passed, 2 failed", exit: 1);

        ProcessResult script = TestScript(TestSummary, 0, Verdict(0).SummaryLine("--record-totals e.json") + "\nconformance: typed 3/3 passed", 0);

        Assert.Equal("tests: 17 passed, 2 failed, 1 skipped", ClosingLine(script));
        Assert.True(script.ExitCode == 1, script.ToString());
    }

    [Fact]
    public void ConsumerTestThatEndsWithoutItsCountsIsOneFailure()
    {
        WriteConsumerTest("Unhandled exception.", exit: 2);

        ProcessResult script = TestScript(TestSummary, 0, Verdict(0).SummaryLine("--record-totals e.json") + "\nconformance: typed 3/3 passed", 0);

        Assert.Equal("tests: 12 passed, 1 failed, 1 skipped", ClosingLine(script));
        Assert.True(script.ExitCode == 2, script.ToString());
    }

    [Fact]
    public void ProjectsAtOrAboveTheirRecordedMinimumPass()
    {
        WriteMinimums("12 OnnxTyped.Runtime.Tests.dll (net10.0)");

        ProcessResult script = TestScript(TestSummary, 0, Verdict(0).SummaryLine("--record-totals e.json") + "\n" + ConformanceLine, 0);

        Assert.Equal("tests: 12 passed, 0 failed, 1 skipped", ClosingLine(script));
        Assert.True(script.ExitCode == 0, script.ToString());
    }

    [Fact]
    public void ProjectBelowItsRecordedMinimumFails()
    {
        // Tests that silently stopped running (a filter, a lost attribute) leave the command green unless counted.
        WriteMinimums("13 OnnxTyped.Runtime.Tests.dll (net10.0)");

        ProcessResult script = TestScript(TestSummary, 0, Verdict(0).SummaryLine("--record-totals e.json") + "\n" + ConformanceLine, 0);

        Assert.Equal("tests: 12 passed, 1 failed, 1 skipped", ClosingLine(script));
        Assert.Contains("OnnxTyped.Runtime.Tests.dll (net10.0) ran 12 tests, fewer than the 13 recorded", script.StandardOutput);
        Assert.True(script.ExitCode != 0, script.ToString());
    }

    [Fact]
    public void RecordedProjectThatPrintsNoSummaryFails()
    {
        // dotnet test prints no summary line for a project that ran no test at all.
        WriteMinimums("12 OnnxTyped.Runtime.Tests.dll (net10.0)", "5 OnnxTyped.TorchFree.Tests.dll (net8.0)");

        ProcessResult script = TestScript(TestSummary, 0, Verdict(0).SummaryLine("--record-totals e.json") + "\n" + ConformanceLine, 0);

        Assert.Equal("tests: 12 passed, 1 failed, 1 skipped", ClosingLine(script));
        Assert.Contains("OnnxTyped.TorchFree.Tests.dll (net8.0) printed no summary", script.StandardOutput);
        Assert.True(script.ExitCode != 0, script.ToString());
    }

    [Fact]
    public void ProjectWithoutARecordedMinimumFails()
    {
        WriteMinimums("12 OnnxTyped.Runtime.Tests.dll (net10.0)");
        string twoProjects = TestSummary + "\n" + TestSummary.Replace("OnnxTyped.Runtime.Tests", "OnnxTyped.New.Tests", StringComparison.Ordinal);

        ProcessResult script = TestScript(twoProjects, 0, Verdict(0).SummaryLine("--record-totals e.json") + "\n" + ConformanceLine, 0);

        Assert.Equal("tests: 24 passed, 1 failed, 2 skipped", ClosingLine(script));
        Assert.Contains("OnnxTyped.New.Tests.dll (net10.0) is not recorded", script.StandardOutput);
        Assert.True(script.ExitCode != 0, script.ToString());
    }

    [Fact]
    public void MutationListThatAppliesCountsAsOnePassedTest()
    {
        WriteMutationList("- int answer = 42;", "int answer = 42;\n");

        ProcessResult script = TestScript(TestSummary, 0, Verdict(0).SummaryLine("--record-totals e.json") + "\n" + ConformanceLine, 0);

        Assert.Equal("tests: 13 passed, 0 failed, 1 skipped", ClosingLine(script));
        Assert.True(script.ExitCode == 0, script.ToString());
    }

    [Fact]
    public void MutationWhoseTextMovedFailsTheCommand()
    {
        // The code moved: the mutation no longer applies, and the check would test nothing.
        WriteMutationList("- int answer = 42;", "long answer = 42;\n");

        ProcessResult script = TestScript(TestSummary, 0, Verdict(0).SummaryLine("--record-totals e.json") + "\n" + ConformanceLine, 0);

        Assert.Equal("tests: 12 passed, 1 failed, 1 skipped", ClosingLine(script));
        Assert.Contains("pattern not found in src/A.cs", script.StandardError);
        Assert.True(script.ExitCode != 0, script.ToString());
    }

    private void WriteMinimums(params string[] lines) =>
        File.WriteAllLines(Path.Combine(_repository, "eng", "test-minimums.txt"), new[] { "# minimum, then the summary's assembly (framework)" }.Concat(lines));

    // A one-mutation list over src/A.cs, with the real eng/mutations.py beside it.
    private void WriteMutationList(string findLine, string source)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "eng", "mutations.py"), Path.Combine(_repository, "eng", "mutations.py"));
        Directory.CreateDirectory(Path.Combine(_repository, "src"));
        File.WriteAllText(Path.Combine(_repository, "src", "A.cs"), source);
        File.WriteAllText(Path.Combine(_repository, "eng", "mutations.txt"),
            $"@@ answer | constants | src/A.cs | Runtime | the answer is wrong\n{findLine}\n+ int answer = 41;\n");
    }

    private void WriteConsumerTest(string output, int exit) =>
        File.WriteAllText(Path.Combine(_repository, "eng", "consumer-test.sh"), $"printf '%s\\n' '{output.Replace("\n", "' '", StringComparison.Ordinal)}'\nexit {exit}\n");

    private static GateVerdict Verdict(int failures) =>
        new(Enumerable.Range(1, failures).Select(i => $"failure {i}").ToList(), Array.Empty<TestStateChange>(), Array.Empty<string>());

    private ProcessResult TestScript(string testOutput, int testExit, string runOutput, int runExit) =>
        ChildProcess.Run("bash", new[] { Path.Combine(_repository, "eng", "test.sh") }, new Dictionary<string, string>
        {
            ["PATH"] = Path.Combine(_repository, "bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["STAND_IN_TEST_OUTPUT"] = testOutput,
            ["STAND_IN_TEST_EXIT"] = testExit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["STAND_IN_RUN_OUTPUT"] = runOutput,
            ["STAND_IN_RUN_EXIT"] = runExit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static string ClosingLine(ProcessResult script) => script.StandardOutput.TrimEnd('\n').Split('\n')[^1];
}
