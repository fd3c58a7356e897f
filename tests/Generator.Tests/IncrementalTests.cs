using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OnnxTyped.Generator.Tests.Infrastructure;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.TestModels;

namespace OnnxTyped.Generator.Tests;

/// <summary>The pipeline caches: an unrelated edit re-reads no model and regenerates nothing, and its models hold no Roslyn objects.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] StepNames = { TrackingNames.ModelFiles, TrackingNames.ModelSpecs, TrackingNames.UniqueModelSpecs };

    private static ModelItem[] Items() => new[]
    {
        new ModelItem(Silero, ClassName: "SileroVad"),
        new ModelItem(PaddleOcrDet),
        new ModelItem(Write(Model(new[] { TestModels.Tensor("x", 1, 1L) }, new[] { TestModels.Tensor("y", 1, 1L) }), "small.onnx")),
    };

    [Fact]
    public void EditingAnUnrelatedSourceFileReReadsNoModelAndRegeneratesNothing()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("internal class A { }", "internal class B { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver(Items(), trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Equal(3, first.GeneratedSources.Length);
        Assert.All(StepNames, name => Assert.True(first.TrackedSteps.ContainsKey(name), name));

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText("internal class A { private int _x; public int X => _x; }", GeneratorHarness.ParseOptions));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string name in StepNames)
        {
            IEnumerable<IncrementalStepRunReason> reasons = second.TrackedSteps[name].SelectMany(step => step.Outputs).Select(output => output.Reason);
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}"));
        }
        // The step that opens files did not run at all: every model came from the cache.
        Assert.All(second.TrackedSteps[TrackingNames.ModelSpecs].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        // No source output was produced again.
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
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
    public void PipelineModelsHoldNoCompilationSymbolOrSyntax()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("internal class A { }");
        GeneratorRunResult result = GeneratorHarness.CreateDriver(Items(), trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();
        foreach (string name in new[] { TrackingNames.ModelSpecs, TrackingNames.UniqueModelSpecs })
            foreach (object value in result.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value))
                AssertHoldsOnlyValues(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static void AssertHoldsOnlyValues(object? value, string path, HashSet<object> seen)
    {
        if (value is null) return;
        Type type = value.GetType();
        Assert.False(value is Compilation or ISymbol or SyntaxNode or SyntaxTree or Location or SemanticModel, $"{path} holds a {type.Name}");
        if (type.IsPrimitive || type.IsEnum || value is string) return;
        if (!type.IsValueType && !seen.Add(value)) return;
        if (type.IsArray)
        {
            Assert.True(path.EndsWith("._items", StringComparison.Ordinal), $"{path} is a plain array outside EquatableArray");
            int i = 0;
            foreach (object? item in (IEnumerable)value) AssertHoldsOnlyValues(item, $"{path}[{i++}]", seen);
            return;
        }
        Assert.True(type.Namespace?.StartsWith("OnnxTyped.Generator.Spec", StringComparison.Ordinal) == true, $"{path} is a {type.FullName}, not a spec type");
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertHoldsOnlyValues(field.GetValue(value), path + "." + field.Name.Replace("<", "").Replace(">k__BackingField", ""), seen);
    }
}
