using System;
using System.IO;
using System.Linq;
using OnnxTyped.TestModels;
using Xunit;
using Xunit.Abstractions;
using static OnnxTyped.Generator.Tests.Infrastructure.ConsumerBuild;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// Builds a small consumer project with the real SDK (its compiler, not this test's Roslyn) using
/// the generator's props and targets: defaults, metadata, CopyToOutputDirectory and Link.
/// </summary>
public sealed class MSBuildTests
{
    private readonly ITestOutputHelper _output;

    public MSBuildTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void ConsumerProjectGetsClassesAndModelCopiesAsItsItemsSay()
    {
        string folder = Path.Combine(Path.GetTempPath(), "onnxtyped-msbuild-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "models"));
        File.Copy(RepoModels.SileroVad, Path.Combine(folder, "models", "silero_vad_16k_op15.onnx"));
        File.Copy(RepoModels.PpOcrDet, Path.Combine(folder, "ch_PP-OCRv4_det_infer.onnx"));
        WriteConsumerProject(folder, "My-Consumer", """
            <OnnxModel Include="models/silero_vad_16k_op15.onnx" ClassName="Vad" Namespace="Consumer.Audio" />
            <OnnxModel Include="ch_PP-OCRv4_det_infer.onnx" CopyToOutputDirectory="Never" />
            """);
        File.WriteAllText(Path.Combine(folder, "Use.cs"), """
            namespace Consumer;

            /// <summary>Uses the generated classes by name, so the build fails if they are missing.</summary>
            public static class Use
            {
                /// <summary>The generated types.</summary>
                public static System.Type[] Types => new[] { typeof(Consumer.Audio.Vad), typeof(My_Consumer.ChPPOCRv4DetInfer) };
            }
            """);

        (int exitCode, string log) = RunDotnet(folder, "build", "-nologo", "-v:minimal", "-p:Configuration=Debug", "-o", "out");
        _output.WriteLine(log);
        Assert.True(exitCode == 0, "dotnet build failed:\n" + log);
        Assert.DoesNotContain("CS9057", log, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "out", "models", "silero_vad_16k_op15.onnx")), "the model with default CopyToOutputDirectory was not copied");
        Assert.False(File.Exists(Path.Combine(folder, "out", "ch_PP-OCRv4_det_infer.onnx")), "the model with CopyToOutputDirectory=Never was copied");
        string generated = Directory.GetFiles(Path.Combine(folder, "obj"), "Consumer.Audio.Vad.g.cs", SearchOption.AllDirectories).Single();
        Assert.Contains("ResolveBesideApplication(\"models/silero_vad_16k_op15.onnx\")", File.ReadAllText(generated), StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void TheTorchSharpPackageAloneGivesClassesWithNoImports()
    {
        string folder = Path.Combine(Path.GetTempPath(), "onnxtyped-package-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        // The package users add for torch tensors, and the OnnxTyped package it depends on (the core, the generator
        // and its build files), which reaches the consumer through that dependency.
        foreach (string project in new[] { Path.Combine("Core", "OnnxTyped.Core.csproj"), Path.Combine("TorchSharp", "OnnxTyped.TorchSharp.csproj") })
        {
            (int packed, string packLog) = RunDotnet(folder, "pack", Path.Combine(RepoRoot(), "src", "Runtime", project), "--no-build", "-c", configuration, "-o", Path.Combine(folder, "feed"), "-p:PackageVersion=0.0.0-test");
            Assert.True(packed == 0, "dotnet pack failed:\n" + packLog);
        }

        File.Copy(RepoModels.SileroVad, Path.Combine(folder, "silero_vad_16k_op15.onnx"));
        // The feed holds the test package; its dependencies (TorchSharp, ONNX Runtime's managed API...) come from
        // the machine's NuGet cache, which is a folder feed too, so the nested restore needs no network.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="feed" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "PackageConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{folder}/packages</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OnnxTyped.TorchSharp" Version="0.0.0-test" />
                <OnnxModel Include="silero_vad_16k_op15.onnx" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Use.cs"), """
            internal static class Use
            {
                public static System.Type Type => typeof(PackageConsumer.SileroVad16kOp15);
            }
            """);

        (int exitCode, string log) = RunDotnet(folder, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(log);
        Assert.True(exitCode == 0, "dotnet build failed:\n" + log);
        Assert.True(File.Exists(Path.Combine(folder, "out", "silero_vad_16k_op15.onnx")), "the model was not copied");
        Assert.False(File.Exists(Path.Combine(folder, "out", "OnnxTyped.Generator.dll")), "the generator was copied to the output");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void ExternalDataFilesGoWhereTheirModelGoes()
    {
        // Siblings by name (<model>.onnx.data, <model>.data), any other file through ExternalData, nothing for Never.
        string folder = Path.Combine(Path.GetTempPath(), "onnxtyped-external-" + Guid.NewGuid().ToString("N"));
        string models = Path.Combine(folder, "models");
        Directory.CreateDirectory(models);
        ExternalDataModel.Write(models, "add.onnx", "add.onnx.data");
        ExternalDataModel.Write(models, "short.onnx", "short.data");
        ExternalDataModel.Write(models, "custom.onnx", "weights/custom.bin");
        ExternalDataModel.Write(models, "unused.onnx", "unused.onnx.data");
        WriteConsumerProject(folder, "Consumer", """
            <OnnxModel Include="models/add.onnx" Link="nets/add.onnx" />
            <OnnxModel Include="models/short.onnx" />
            <OnnxModel Include="models/custom.onnx" ExternalData="weights/custom.bin" />
            <OnnxModel Include="models/unused.onnx" CopyToOutputDirectory="Never" />
            """);

        (int exitCode, string log) = RunDotnet(folder, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(log);
        Assert.True(exitCode == 0, "dotnet build failed:\n" + log);
        string output = Path.Combine(folder, "out");
        foreach (string copied in new[] { "nets/add.onnx.data", "models/short.data", "models/weights/custom.bin" })
            Assert.True(File.Exists(Path.Combine(output, copied)), copied + " was not copied");
        Assert.False(File.Exists(Path.Combine(output, "models", "unused.onnx.data")), "the external data of a model that is not copied was copied");

        // A listed file that does not exist stops the build before the app would fail to load the model.
        WriteConsumerProject(folder, "Consumer", """
            <OnnxModel Include="models/custom.onnx" ExternalData="weights/missing.bin" />
            """);
        (int failed, string failedLog) = RunDotnet(folder, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(failedLog);
        Assert.NotEqual(0, failed);
        Assert.Contains("The ExternalData metadata of the OnnxModel item 'models/custom.onnx' names 'weights/missing.bin'", failedLog, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void ModelsCopiedToOnePathAreAnErrorUntilLinkedAndAModelListedTwiceGivesTwoClasses()
    {
        // Two models outside the project folder with one file name: both were copied to out/model.onnx, and Load()
        // of one ran the other's weights. The silero model is listed twice, for two class names.
        string root = Path.Combine(Path.GetTempPath(), "onnxtyped-collide-" + Guid.NewGuid().ToString("N"));
        string project = Path.Combine(root, "app");
        foreach (string folder in new[] { "vad", "ocr", "app" }) Directory.CreateDirectory(Path.Combine(root, folder));
        File.Copy(RepoModels.SileroVad, Path.Combine(root, "vad", "model.onnx"));
        File.Copy(RepoModels.PpOcrDet, Path.Combine(root, "ocr", "model.onnx"));
        File.Copy(RepoModels.SileroVad, Path.Combine(root, "vad", "quoted.onnx"));
        File.WriteAllText(Path.Combine(project, "Use.cs"), """
            namespace Consumer;

            /// <summary>Uses the generated classes by name, so the build fails if one is missing.</summary>
            public static class Use
            {
                /// <summary>The generated types.</summary>
                public static System.Type[] Types => new[] { typeof(My_App.Vad), typeof(My_App.VadAgain), typeof(My_App.Ocr) };
            }
            """);

        WriteConsumerProject(project, "My#App", """
            <OnnxModel Include="../vad/model.onnx" ClassName="Vad" />
            <OnnxModel Include="../ocr/model.onnx" ClassName="Ocr" />
            <OnnxModel Include="../vad/model.onnx" ClassName="VadAgain" />
            <OnnxModel Include="../vad/quoted.onnx" ClassName="It's" />
            """);
        (int failed, string failedLog) = RunDotnet(project, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(failedLog);
        Assert.NotEqual(0, failed);
        Assert.Contains($"error OTG013: The ONNX models '{Path.Combine(root, "vad", "model.onnx")}' and '{Path.Combine(root, "ocr", "model.onnx")}' are both copied to 'model.onnx'", failedLog, StringComparison.Ordinal);
        Assert.Contains("Link=\"ocr/model.onnx\"", failedLog, StringComparison.Ordinal);
        Assert.Contains("error OTG014: The ClassName metadata of the OnnxModel item for 'quoted.onnx' cannot be read", failedLog, StringComparison.Ordinal);

        // The fix the message proposes, with characters the .editorconfig would cut ('#', ';') in the Link and the root namespace.
        WriteConsumerProject(project, "My#App", """
            <OnnxModel Include="../vad/model.onnx" ClassName="Vad" />
            <OnnxModel Include="../ocr/model.onnx" ClassName="Ocr" Link="ocr#1;v4/model.onnx" />
            <OnnxModel Include="../vad/model.onnx" ClassName="VadAgain" />
            """);
        (int exitCode, string log) = RunDotnet(project, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(log);
        Assert.True(exitCode == 0, "dotnet build failed:\n" + log);
        // What each class's Load() opens is its own model.
        foreach ((string className, string source) in new[] { ("Vad", "vad"), ("VadAgain", "vad"), ("Ocr", "ocr") })
        {
            string generated = File.ReadAllText(Directory.GetFiles(Path.Combine(project, "obj"), $"My_App.{className}.g.cs", SearchOption.AllDirectories).Single());
            string loadPath = generated.Split("ResolveBesideApplication(\"")[1].Split('"')[0];
            Assert.Equal(File.ReadAllBytes(Path.Combine(root, source, "model.onnx")), File.ReadAllBytes(Path.Combine(project, "out", loadPath)));
        }
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void BatchDimAndMicroBatchingReachTheGeneratorPerItem()
    {
        // One file listed by two items: each item's BatchDim travels in the joined metadata to its own class.
        string project = Path.Combine(Path.GetTempPath(), "onnxtyped-batchdim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(project);
        File.Copy(RepoModels.SileroVad, Path.Combine(project, "vad.onnx"));
        WriteConsumerProject(project, "App", """
            <OnnxModel Include="vad.onnx" ClassName="Vad" MicroBatching="true" />
            <OnnxModel Include="vad.onnx" ClassName="VadBySequence" BatchDim="sequence" />
            """);
        (int failed, string failedLog) = RunDotnet(project, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(failedLog);
        Assert.NotEqual(0, failed);
        Assert.Contains("error OTG017: The OnnxModel item for 'vad.onnx' (class VadBySequence) cannot be micro-batched: its BatchDim 'sequence' is not a batch axis of the model (candidates: 'batch')", failedLog, StringComparison.Ordinal);
        Assert.DoesNotContain("(class Vad)", failedLog, StringComparison.Ordinal);

        WriteConsumerProject(project, "App", """
            <OnnxModel Include="vad.onnx" ClassName="Vad" MicroBatching="true" />
            <OnnxModel Include="vad.onnx" ClassName="VadByBatch" BatchDim="batch" />
            """);
        (int exitCode, string log) = RunDotnet(project, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(log);
        Assert.True(exitCode == 0, "dotnet build failed:\n" + log);
        string Generated(string className) => File.ReadAllText(Directory.GetFiles(Path.Combine(project, "obj"), $"App.{className}.g.cs", SearchOption.AllDirectories).Single());
        Assert.Contains(".UseMicroBatching(microBatching, null);", Generated("Vad"), StringComparison.Ordinal);
        Assert.Contains(".UseMicroBatching(microBatching, \"batch\");", Generated("VadByBatch"), StringComparison.Ordinal);
        Directory.Delete(project, recursive: true);
    }

}
