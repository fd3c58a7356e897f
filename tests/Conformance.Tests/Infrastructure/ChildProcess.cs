using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace OnnxTyped.Conformance.Tests;

/// <summary>Runs a program to its end and captures its output.</summary>
internal static class ChildProcess
{
    /// <summary>Long enough for the harness on a few tests (about 3 s), short enough that a hang fails the test.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static ProcessResult Run(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null)
            foreach ((string name, string value) in environment) start.Environment[name] = value;

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        // Both pipes are read at once: a child that fills one while we wait on the other would never end.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {Limit.TotalSeconds} s");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
