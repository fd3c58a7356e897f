using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// A consumer project built by the real SDK (its compiler, not this test's Roslyn) with the generator's in-repo props
/// and targets, as MSBuildTests and OnnxTypedModelItemTests use it.
/// </summary>
internal static class ConsumerBuild
{
    /// <summary>
    /// Writes Consumer.csproj in <paramref name="folder"/>: the generator's props and targets, the runtime and
    /// the generator from this test's output, warnings as errors, and <paramref name="models"/> as its items;
    /// <paramref name="properties"/> go in its PropertyGroup, <paramref name="imports"/> (other packages' build files) before OnnxTyped.targets.
    /// </summary>
    public static void WriteConsumerProject(string folder, string rootNamespace, string models, string properties = "", string imports = "")
    {
        string here = AppContext.BaseDirectory;
        string build = Path.Combine(RepoRoot(), "src", "Generator", "build");
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{build}/OnnxTyped.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RootNamespace>{rootNamespace}</RootNamespace>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
            {properties}
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{here}OnnxTyped.TorchSharp.dll" />
                <Reference Include="{here}OnnxTyped.Core.dll" />
                <Reference Include="{here}TorchSharp.dll" />
                <Reference Include="{here}Microsoft.ML.OnnxRuntime.dll" />
                <Reference Include="{here}Microsoft.Extensions.Logging.Abstractions.dll" />
                <Analyzer Include="{here}OnnxTyped.Generator.dll" />
              </ItemGroup>
              <ItemGroup>
            {models}
              </ItemGroup>
            {imports}
              <Import Project="{build}/OnnxTyped.targets" />
            </Project>
            """);
    }

    public static (int ExitCode, string Log) RunDotnet(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // The test host runs under MSBuild/VSTest variables that would steer the nested build.
        foreach (string name in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "VSTEST_HOST_DEBUG" })
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using Process process = Process.Start(start)!;
        System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(300_000), "dotnet build did not finish in 5 minutes");
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>The file the generator wrote for <paramref name="hintName"/> under the project's obj folder.</summary>
    public static string Generated(string project, string hintName) =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(project, "obj"), hintName, SearchOption.AllDirectories).Single());

    /// <summary>The repository's root folder, found from this file's path (so from any caller).</summary>
    public static string RepoRoot() => RepoRootFrom();

    private static string RepoRootFrom([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
