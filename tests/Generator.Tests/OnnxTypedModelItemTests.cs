using System;
using System.IO;
using System.Linq;
using OnnxTyped.TestModels;
using Xunit;
using Xunit.Abstractions;
using static OnnxTyped.Generator.Tests.Infrastructure.ConsumerBuild;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The <c>OnnxTypedModel</c> item name, which no other package reads, through real SDK builds: it does what
/// <c>OnnxModel</c> does; Onnxify.ModelGenerator reading the same <c>OnnxModel</c> items is OTG018; and
/// <c>OnnxTypedReadsOnnxModelItems=false</c> leaves <c>OnnxModel</c> items to it.
/// </summary>
public sealed class OnnxTypedModelItemTests
{
    /// <summary>
    /// What Onnxify.ModelGenerator's targets do with <c>OnnxModel</c> items (0.3.1): each becomes an additional file with
    /// the item's Onnxify metadata (here given values, as a project would). A stand-in written here, since the package is
    /// not a dependency of this repository.
    /// </summary>
    private const string OnnxifyStandIn = """
        <Project>
          <ItemGroup Condition="'@(OnnxModel)' != ''">
            <AdditionalFiles Include="@(OnnxModel)" KeepMetadata="OnnxifyModelClassName;OnnxifyModelNamespace;OnnxifyModelImportType">
              <OnnxifyModelNamespace>Onnxified</OnnxifyModelNamespace>
              <OnnxifyModelClassName>%(Filename)Onnxify</OnnxifyModelClassName>
              <OnnxifyModelImportType>OnnxRuntimeInference</OnnxifyModelImportType>
            </AdditionalFiles>
          </ItemGroup>
        </Project>
        """;

    private readonly ITestOutputHelper _output;

    public OnnxTypedModelItemTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void OnnxTypedModelItemsGenerateAndCopyAsOnnxModelItemsDo()
    {
        string folder = NewFolder("onnxtyped-item-");
        string models = Path.Combine(folder, "models");
        Directory.CreateDirectory(models);
        File.Copy(RepoModels.SileroVad, Path.Combine(models, "vad.onnx"));
        ExternalDataModel.Write(models, "add.onnx", "add.onnx.data");
        ExternalDataModel.Write(models, "custom.onnx", "weights/custom.bin");
        WriteConsumerProject(folder, "Consumer", """
            <OnnxTypedModel Include="models/vad.onnx" ClassName="Vad" Namespace="Consumer.Audio" Link="nets/vad.onnx" BatchDim="batch" />
            <OnnxTypedModel Include="models/add.onnx" />
            <OnnxTypedModel Include="models/custom.onnx" ExternalData="weights/custom.bin" CopyToOutputDirectory="Never" />
            """);
        File.WriteAllText(Path.Combine(folder, "Use.cs"), """
            namespace Consumer;

            /// <summary>Uses the generated classes by name, so the build fails if one is missing.</summary>
            public static class Use
            {
                /// <summary>The generated types.</summary>
                public static System.Type[] Types => new[] { typeof(Consumer.Audio.Vad), typeof(Consumer.Add), typeof(Consumer.Custom) };
            }
            """);

        (int exitCode, string log) = RunDotnet(folder, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(log);
        Assert.True(exitCode == 0, "dotnet build failed:\n" + log);
        string output = Path.Combine(folder, "out");
        foreach (string copied in new[] { "nets/vad.onnx", "models/add.onnx", "models/add.onnx.data" })
            Assert.True(File.Exists(Path.Combine(output, copied)), copied + " was not copied");
        Assert.False(File.Exists(Path.Combine(output, "models", "custom.onnx")), "the model with CopyToOutputDirectory=Never was copied");
        Assert.False(File.Exists(Path.Combine(output, "models", "weights", "custom.bin")), "the external data of a model that is not copied was copied");
        string vad = Generated(folder, "Consumer.Audio.Vad.g.cs");
        Assert.Contains("ResolveBesideApplication(\"nets/vad.onnx\")", vad, StringComparison.Ordinal);
        Assert.Contains(".UseMicroBatching(microBatching, \"batch\");", vad, StringComparison.Ordinal);

        // The same check of listed external data, and the error names the item as it was written.
        WriteConsumerProject(folder, "Consumer", """
            <OnnxTypedModel Include="models/custom.onnx" ExternalData="weights/missing.bin" />
            """);
        File.Delete(Path.Combine(folder, "Use.cs"));
        (int failed, string failedLog) = RunDotnet(folder, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(failedLog);
        Assert.NotEqual(0, failed);
        Assert.Contains("The ExternalData metadata of the OnnxTypedModel item 'models/custom.onnx' names 'weights/missing.bin'", failedLog, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void OnnxifyReadingTheSameItemsIsOTG018UntilTheModelIsAnOnnxTypedModelAndOnnxModelItemsAreLeftToIt()
    {
        // Both generators on one OnnxModel item: the warning, at the model, and the two packages' metadata on its one file.
        string shared = NewFolder("onnxtyped-onnxify-");
        File.Copy(RepoModels.SileroVad, Path.Combine(shared, "vad.onnx"));
        File.WriteAllText(Path.Combine(shared, "Onnxify.targets"), OnnxifyStandIn);
        WriteConsumerProject(shared, "App", """<OnnxModel Include="vad.onnx" ClassName="Vad" />""",
            properties: "<WarningsNotAsErrors>OTG018</WarningsNotAsErrors>", imports: """<Import Project="Onnxify.targets" />""");
        (int exitCode, string log) = RunDotnet(shared, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(log);
        Assert.True(exitCode == 0, "dotnet build failed:\n" + log);
        Assert.Contains($"{Path.Combine(shared, "vad.onnx")}(1,1): warning OTG018: Both OnnxTyped and Onnxify.ModelGenerator generate a class from the ONNX model 'vad.onnx'", log, StringComparison.Ordinal);
        Assert.Contains("write the item as <OnnxTypedModel Include=\"...\" /> and set <OnnxTypedReadsOnnxModelItems>false</OnnxTypedReadsOnnxModelItems>", log, StringComparison.Ordinal);
        string section = EditorConfigSection(shared, Path.Combine(shared, "vad.onnx"));
        Assert.Contains("build_metadata.AdditionalFiles.OnnxTypedModel = true", section, StringComparison.Ordinal);
        Assert.Contains("build_metadata.AdditionalFiles.OnnxifyModelClassName = vadOnnxify", section, StringComparison.Ordinal);
        Generated(shared, "App.Vad.g.cs");
        Directory.Delete(shared, recursive: true);

        // The fix the warning proposes: OnnxTyped's model as an OnnxTypedModel, the OnnxModel item Onnxify's alone. Warnings
        // are errors here, so an OTG018 would fail the build.
        string apart = NewFolder("onnxtyped-apart-");
        File.Copy(RepoModels.SileroVad, Path.Combine(apart, "vad.onnx"));
        File.Copy(RepoModels.PpOcrDet, Path.Combine(apart, "other.onnx"));
        File.WriteAllText(Path.Combine(apart, "Onnxify.targets"), OnnxifyStandIn);
        WriteConsumerProject(apart, "App", """
            <OnnxTypedModel Include="vad.onnx" ClassName="Vad" />
            <OnnxModel Include="other.onnx" ClassName="Other" />
            """,
            properties: "<OnnxTypedReadsOnnxModelItems>false</OnnxTypedReadsOnnxModelItems>", imports: """<Import Project="Onnxify.targets" />""");
        (int apartExit, string apartLog) = RunDotnet(apart, "build", "-nologo", "-v:minimal", "-o", "out");
        _output.WriteLine(apartLog);
        Assert.True(apartExit == 0, "dotnet build failed:\n" + apartLog);
        Assert.DoesNotContain("OTG018", apartLog, StringComparison.Ordinal);
        Assert.Contains("ResolveBesideApplication(\"vad.onnx\")", Generated(apart, "App.Vad.g.cs"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(apart, "out", "vad.onnx")), "the OnnxTypedModel was not copied");
        // The OnnxModel item: no class, and its file as Onnxify's targets left it. (Whether it is copied is Onnxify's
        // business now: the compiler's targets copy an additional file that carries CopyToOutputDirectory, as this one does.)
        Assert.Empty(Directory.GetFiles(Path.Combine(apart, "obj"), "App.Other.g.cs", SearchOption.AllDirectories));
        string other = EditorConfigSection(apart, Path.Combine(apart, "other.onnx"));
        Assert.Contains("build_metadata.AdditionalFiles.OnnxifyModelClassName = otherOnnxify", other, StringComparison.Ordinal);
        Assert.DoesNotContain("OnnxTypedModel = true", other, StringComparison.Ordinal);
        Directory.Delete(apart, recursive: true);
    }

    private static string NewFolder(string prefix)
    {
        string folder = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>What the compiler's generated .editorconfig says about the file at <paramref name="path"/>: its section's lines.</summary>
    private static string EditorConfigSection(string project, string path)
    {
        string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(project, "obj"), "*.GeneratedMSBuildEditorConfig.editorconfig", SearchOption.AllDirectories).Single());
        int start = Array.IndexOf(lines, "[" + path + "]");
        Assert.True(start >= 0, "no section for " + path + " in the generated .editorconfig");
        return string.Join("\n", lines.Skip(start + 1).TakeWhile(line => !line.StartsWith('[')));
    }
}
