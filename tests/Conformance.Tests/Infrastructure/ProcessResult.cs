namespace OnnxTyped.Conformance.Tests;

/// <summary>How a child process ended, with everything it wrote.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>For assertion messages: a test that fails shows what the process said.</summary>
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
