using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Calls that used to take the whole process down (a segfault or abort inside ONNX Runtime), each run in a child
/// process (tests/CrashCases), so that a crash fails this test instead of ending the test run.
/// </summary>
public sealed class CrashTests
{
    [Theory]
    [InlineData("dispose-while-running")]
    [InlineData("empty-batch")]
    [InlineData("session-disposed-under-the-model")]
    [InlineData("session-disposed-before-wrapping")]
    [InlineData("runinto-wrong-shape")]
    [InlineData("recycled-output-grows")]
    [InlineData("empty-optional-output")]
    public void TheProcessSurvives(string crashCase)
    {
        (int exitCode, string output) = RunCase(crashCase);
        Assert.True(exitCode == 0, $"case '{crashCase}' exited with {exitCode} (134: abort, 139: segfault):\n{output}");
        Assert.Contains($"{crashCase}: survived", output);
    }

    [Fact]
    public void AFailureReportedAsAnException_PrintsNoOnnxRuntimeErrorLine()
    {
        // ONNX Runtime logs a failed run in red on standard error (native, so only a child process shows it); the
        // exception carries the message already.
        (int exitCode, string output) = RunCase("runinto-wrong-shape");
        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("[E:onnxruntime", output);
    }

    private static (int ExitCode, string Output) RunCase(string crashCase)
    {
        // Built with this project (see its csproj), at a path the build wrote into this assembly.
        string dll = Path.GetFullPath(typeof(CrashTests).Assembly.GetCustomAttributes(typeof(AssemblyMetadataAttribute), false)
            .Cast<AssemblyMetadataAttribute>().Single(a => a.Key == "CrashCasesDll").Value!);
        Assert.True(File.Exists(dll), $"the crash cases were not built: {dll}");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {crashCase}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        using Process process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEndAsync().GetAwaiter().GetResult();
        string stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 120 s\n" + stdout + stderr);
        }
        return (process.ExitCode, stdout + stderr);
    }
}
