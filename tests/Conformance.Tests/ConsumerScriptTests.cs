using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;
using Xunit;

namespace OnnxTyped.Conformance.Tests;

/// <summary>
/// <c>eng/consumer-test.sh</c>'s counts, with a stand-in <c>dotnet</c> first on PATH: every one of its fourteen checks is
/// counted, as failed without running when a check it needs failed, so an early failure can never make the total shrink.
/// </summary>
[SupportedOSPlatform("linux")] // bash and an executable stand-in on PATH
public sealed class ConsumerScriptTests : IDisposable
{
    private const int Checks = 14;

    // pack: writes the four files the script looks for (empty: the layout check fails on them) or fails; build: fails;
    // anything else (restore, running an app) succeeds, so a check that should have been blocked would pass.
    private const string StandInDotnet = """
        #!/usr/bin/env bash
        case "$1" in
          pack)
            [ "$STAND_IN_PACK" = fail ] && exit 1
            out=""; version=""
            while [ $# -gt 0 ]; do
              case $1 in -o) out=$2; shift ;; -p:PackageVersion=*) version=${1#-p:PackageVersion=} ;; esac
              shift
            done
            mkdir -p "$out"
            for id in OnnxTyped OnnxTyped.TorchSharp OnnxTyped.Hosting; do touch "$out/$id.$version.nupkg" "$out/$id.$version.snupkg"; done
            exit 0 ;;
          build) exit 1 ;;
        esac
        exit 0
        """;

    private readonly string _repository = Directory.CreateTempSubdirectory("consumer-test-sh-").FullName;

    public ConsumerScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_repository, "eng"));
        Directory.CreateDirectory(Path.Combine(_repository, "models"));
        Directory.CreateDirectory(Path.Combine(_repository, "bin"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "eng", "consumer-test.sh"), Path.Combine(_repository, "eng", "consumer-test.sh"));
        CopyFolder(Path.Combine(AppContext.BaseDirectory, "tests", "ConsumerApps"), Path.Combine(_repository, "tests", "ConsumerApps"));
        File.WriteAllText(Path.Combine(_repository, "Directory.Build.props"), "<Project><PropertyGroup><VersionPrefix>0.1.0</VersionPrefix></PropertyGroup></Project>\n");
        File.WriteAllText(Path.Combine(_repository, "Directory.Packages.props"), "<Project />\n");
        foreach (string model in new[] { "silero_vad_16k_op15.onnx", "ch_ppocr_mobile_v2.0_cls_infer.onnx" })
            File.WriteAllBytes(Path.Combine(_repository, "models", model), new byte[8192]);
        string dotnet = Path.Combine(_repository, "bin", "dotnet");
        File.WriteAllText(dotnet, StandInDotnet + "\n");
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_repository, recursive: true);

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public void FailedPackCountsEveryCheckAsFailed()
    {
        ProcessResult script = ConsumerScript(pack: "fail");

        Assert.Equal($"consumer checks: 0 passed, {Checks} failed", ClosingLine(script));
        Assert.Contains("not run: it needs 'dotnet pack gives", script.StandardOutput);
        Assert.True(script.ExitCode != 0, script.ToString());
    }

    [Fact]
    public void ChecksAfterAFailedBuildAreCountedAsFailedWithoutRunning()
    {
        // Passed: the pack, and the typed app's restore without TorchSharp. Failed: the layout (empty packages), each
        // build, the four checks chained after the first app's build (two of which, run, would pass here), the typed
        // run after its build, OTG002, the hosted app's build and the missing-file check chained after it.
        ProcessResult script = ConsumerScript(pack: "ok");

        Assert.Equal($"consumer checks: 2 passed, {Checks - 2} failed", ClosingLine(script));
        Assert.Contains("FAILED the generated Silero class gives what plain InferenceSession.Run gives (not run: it needs 'an app on OnnxTyped.TorchSharp", script.StandardOutput);
        Assert.True(script.ExitCode != 0, script.ToString());
    }

    private ProcessResult ConsumerScript(string pack) =>
        ChildProcess.Run("bash", new[] { Path.Combine(_repository, "eng", "consumer-test.sh") }, new Dictionary<string, string>
        {
            ["PATH"] = Path.Combine(_repository, "bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["STAND_IN_PACK"] = pack,
        });

    private static string ClosingLine(ProcessResult script) => script.StandardOutput.TrimEnd('\n').Split('\n')[^1];
}
