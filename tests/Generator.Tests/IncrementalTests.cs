using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>The pipeline caches: an unrelated edit re-reads no model and regenerates nothing, and its models hold no Roslyn objects.</summary>
public sealed class IncrementalTests
{
    private static ModelItem[] Items() => new[]
    {
        new ModelItem(RepoModels.SileroVad, ClassName: "SileroVad"),
        new ModelItem(RepoModels.PpOcrDet),
        new ModelItem(Write(Model(new[] { Tensor("x", 1, 1L) }, new[] { Tensor("y", 1, 1L) }), "small.onnx")),
    };

    [Fact]
    public void EditingAnUnrelatedSourceFileReReadsNoModelAndRegeneratesNothing()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("internal class A { }", "internal class B { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver(Items(), trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Equal(3, first.GeneratedSources.Length);
        Assert.All(IncrementalAssert.StepNames, name => Assert.True(first.TrackedSteps.ContainsKey(name), name));

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText("internal class A { private int _x; public int X => _x; }", GeneratorHarness.ParseOptions));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        IncrementalAssert.SecondRunIsCached(first, second);
    }

    [Fact]
    public void AChangedModelFileIsReadAgain()
    {
        ModelItem[] items = Items();
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("internal class A { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver(items, trackSteps: true).RunGenerators(compilation);

        // The compiler hands a changed file to the generator as a new AdditionalText.
        AdditionalText old = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.ModelFiles]
            .Select(s => (AdditionalText)((System.Runtime.CompilerServices.ITuple)s.Outputs[0].Value)[0]!).Single(t => t.Path == items[2].Path);
        driver = driver.ReplaceAdditionalText(old, new FileAdditionalText(items[2].Path));
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        IncrementalStepRunReason[] reasons = second.TrackedSteps[TrackingNames.ModelSpecs].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(2, reasons.Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Single(reasons, r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void ReferencingTheTorchFrontEnd_RegeneratesWithTorchMembers_ReadingNoModelAgain()
    {
        CSharpCompilation coreOnly = GeneratorHarness.CreateCompilation(GeneratorHarness.CoreReferences, "internal class A { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver(Items(), trackSteps: true).RunGenerators(coreOnly);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.All(first.GeneratedSources, s => Assert.DoesNotContain("TorchOutputs", s.SourceText.ToString(), System.StringComparison.Ordinal));

        GeneratorRunResult second = driver.RunGenerators(coreOnly.WithReferences(GeneratorHarness.References)).GetRunResult().Results.Single();
        Assert.All(second.GeneratedSources, s => Assert.Contains("TorchOutputs", s.SourceText.ToString(), System.StringComparison.Ordinal));
        Assert.All(second.TrackedSteps[TrackingNames.ModelSpecs].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(second.TrackedSteps[TrackingNames.TorchFrontEnd].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
    }

    [Fact]
    public void PipelineModelsHoldNoCompilationSymbolOrSyntax()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("internal class A { }");
        GeneratorRunResult result = GeneratorHarness.CreateDriver(Items(), trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.True(result.TrackedSteps.ContainsKey(TrackingNames.ModelSpecs) && result.TrackedSteps.ContainsKey(TrackingNames.UniqueModelSpecs));
        IncrementalAssert.CachedValuesArePlainData(result);
    }
}
