using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OnnxTyped.Generator.Tests.Infrastructure;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// What the OnnxModel items of a project make together: a file listed twice, classes whose names differ only
/// in case, files the build would copy to one path, and item metadata with the characters the .editorconfig
/// between MSBuild and the generator would lose. MSBuildTests builds the same cases with the real SDK.
/// </summary>
public sealed class ModelItemTests
{
    private const int Float = 1;

    [Fact]
    public void AModelListedTwiceWithTwoClassNamesGeneratesBoth()
    {
        string path = Write(Model(new[] { Tensor("x", Float, "n", 3L) }, new[] { Tensor("y", Float, "n") }), "scorer.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(path, ClassName: "Scorer"), new ModelItem(path, ClassName: "LegacyScorer", Namespace: "Old"));

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompileProblems);
        Assert.Equal(new[] { "Old.LegacyScorer.g.cs", "TestApp.Scorer.g.cs" }, outcome.Sources.Select(s => s.HintName));
        Assembly assembly = Load(outcome);
        foreach (string name in new[] { "TestApp.Scorer", "Old.LegacyScorer" })
        {
            var signature = (ModelSignature)assembly.GetType(name, throwOnError: true)!.GetProperty("Signature")!.GetValue(null)!;
            Assert.Equal(new[] { "x" }, signature.InputNames);
            Assert.Equal(new[] { "y" }, signature.OutputNames);
        }
        // One file, one copy: both classes load it from the same place.
        Assert.All(outcome.Sources, s => Assert.Contains("ResolveBesideApplication(\"scorer.onnx\")", s.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void ClassesWhoseNamesDifferOnlyInCaseAreBothGenerated()
    {
        // The compiler compares generated file names ignoring case: with one name per class it threw, and no class was generated.
        string path = Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) }), "vad.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(path, ClassName: "Vad"), new ModelItem(path, ClassName: "VAD"), new ModelItem(path, ClassName: "vad"));

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompileProblems);
        // Numbered in item order (Sources lists them in ordinal order).
        Assert.Equal(new[] { "TestApp.VAD.2.g.cs", "TestApp.Vad.g.cs", "TestApp.vad.3.g.cs" }, outcome.Sources.Select(s => s.HintName));
        Assembly assembly = Load(outcome);
        Assert.All(new[] { "TestApp.Vad", "TestApp.VAD", "TestApp.vad" }, name => Assert.NotNull(assembly.GetType(name)));
    }

    [Fact]
    public void TwoFilesCopiedToOnePathAreAnErrorNamingBothAndTheFirstKeepsItsClass()
    {
        string first = Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) }), "model.onnx");
        string second = Write(Model(new[] { Tensor("a", Float, 2L) }, new[] { Tensor("b", Float, 2L) }), "Model.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(first, ClassName: "First"), new ModelItem(second, ClassName: "Second"));

        Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("OTG013", diagnostic.Id);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        // Both full paths (the file names alone are the same), where they collide (ignoring case), and a Link that would part them.
        Assert.Contains($"'{first}' and '{second}' are both copied to 'Model.onnx'", message, StringComparison.Ordinal);
        Assert.Contains($"Link=\"{Path.GetFileName(Path.GetDirectoryName(second))}/Model.onnx\"", message, StringComparison.Ordinal);
        Assert.Equal("TestApp.First.g.cs", Assert.Single(outcome.Sources).HintName);
    }

    [Fact]
    public void TwoFilesWithDistinctLinksGenerateBothClasses()
    {
        string first = Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) }), "model.onnx");
        string second = Write(Model(new[] { Tensor("a", Float, 2L) }, new[] { Tensor("b", Float, 2L) }), "model.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(
            new ModelItem(first, ClassName: "First", TargetPath: "first/model.onnx"),
            new ModelItem(second, ClassName: "Second", TargetPath: "second/model.onnx"));

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Contains("ResolveBesideApplication(\"first/model.onnx\")", outcome.Sources.Single(s => s.HintName == "TestApp.First.g.cs").Text, StringComparison.Ordinal);
        Assert.Contains("ResolveBesideApplication(\"second/model.onnx\")", outcome.Sources.Single(s => s.HintName == "TestApp.Second.g.cs").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void MetadataWithCharactersTheEditorConfigCutsArrivesWhole()
    {
        // Unencoded, '#' and ';' start a comment in the .editorconfig: this Link arrived as "sub" and the root namespace as "My".
        string path = Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) }), "m.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(new[] { new ModelItem(path, TargetPath: "sub#dir/a b;c|d.onnx") }, rootNamespace: "My#App;Tools");

        Assert.Empty(outcome.GeneratorDiagnostics);
        (string hintName, string text) = Assert.Single(outcome.Sources);
        Assert.Equal("My_App_Tools.M.g.cs", hintName);
        Assert.Contains("ResolveBesideApplication(\"sub#dir/a b;c|d.onnx\")", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MetadataMSBuildCouldNotEncodeStopsTheFileWithOtg014()
    {
        string path = Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) }), "m.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(path, Namespace: "It's.Mine"));

        Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("OTG014", diagnostic.Id);
        Assert.Contains("The Namespace metadata of the OnnxModel item for 'm.onnx' cannot be read", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void AFileThatCannotBeReadIsReportedOnceWhateverItsItems()
    {
        string path = WriteBytes(Array.Empty<byte>(), "empty.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(path, ClassName: "A"), new ModelItem(path, ClassName: "B"));
        Assert.Equal("OTG011", Assert.Single(outcome.GeneratorDiagnostics).Id);
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void MetadataWithoutTheEncodedMarkIsTakenAsItIs()
    {
        // A host that builds the options itself (tests/Conformance) passes one item's values as they are.
        string path = Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) }), "plain.onnx");
        var options = new TestAnalyzerConfigOptions(new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.OnnxTypedModel"] = "true",
            ["build_metadata.AdditionalFiles.OnnxTypedClassName"] = "Plain",
            ["build_metadata.AdditionalFiles.OnnxTypedNamespace"] = "",
            ["build_metadata.AdditionalFiles.OnnxTypedTargetPath"] = "models/plain.onnx",
        });
        var global = new TestAnalyzerConfigOptions(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Host.App" });
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new OnnxModelGenerator().AsSourceGenerator() },
            new AdditionalText[] { new FileAdditionalText(path) },
            GeneratorHarness.ParseOptions,
            new TestAnalyzerConfigOptionsProvider(global, new Dictionary<string, AnalyzerConfigOptions> { [path] = options }));
        GeneratorRunResult result = driver.RunGenerators(GeneratorHarness.CreateCompilation("class C { }")).GetRunResult().Results.Single();

        Assert.Empty(result.Diagnostics);
        GeneratedSourceResult source = Assert.Single(result.GeneratedSources);
        Assert.Equal("Host.App.Plain.g.cs", source.HintName);
        Assert.Contains("ResolveBesideApplication(\"models/plain.onnx\")", source.SourceText.ToString(), StringComparison.Ordinal);
    }

    private static Assembly Load(GeneratorOutcome outcome)
    {
        using var image = new MemoryStream();
        Assert.True(outcome.Compilation.Emit(image).Success);
        return Assembly.Load(image.ToArray());
    }
}
