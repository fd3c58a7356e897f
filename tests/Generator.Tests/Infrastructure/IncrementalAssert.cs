using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// Checks that the incremental pipeline caches: a second run over unchanged inputs produces every
/// tracked step from the cache and re-reads no model, and the values it caches are plain data.
/// </summary>
internal static class IncrementalAssert
{
    /// <summary>Every step named in <see cref="TrackingNames"/>, read from its constants so a new step is covered too.</summary>
    public static readonly ImmutableArray<string> StepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToImmutableArray();

    /// <summary>
    /// <paramref name="second"/> ran over the same models as <paramref name="first"/>: the same steps
    /// with the same values, each <c>Cached</c> or <c>Unchanged</c>, no model file opened again
    /// (the reading step is <c>Cached</c>, not re-run) and no source produced again.
    /// </summary>
    public static void SecondRunIsCached(GeneratorRunResult first, GeneratorRunResult second)
    {
        Assert.Equal(TrackedStepNames(first), TrackedStepNames(second));
        foreach (string name in TrackedStepNames(first))
        {
            IncrementalGeneratorRunStep[] before = first.TrackedSteps[name].ToArray();
            IncrementalGeneratorRunStep[] after = second.TrackedSteps[name].ToArray();
            Assert.True(before.Length == after.Length, $"{name}: {before.Length} steps, then {after.Length}");
            for (int i = 0; i < before.Length; i++)
            {
                // Equal values are what lets the next step skip: a spec that compares unequal to itself would regenerate forever.
                Assert.Equal(before[i].Outputs.Select(o => o.Value), after[i].Outputs.Select(o => o.Value));
                Assert.All(after[i].Outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {o.Reason}"));
            }
        }
        if (second.TrackedSteps.TryGetValue(TrackingNames.ModelSpecs, out ImmutableArray<IncrementalGeneratorRunStep> reads))
            Assert.All(reads.SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(first.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())), second.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    /// <summary>The values the reading steps cache hold no compilation, symbol, syntax or location, and no plain array outside <c>EquatableArray</c>.</summary>
    public static void CachedValuesArePlainData(GeneratorRunResult run)
    {
        foreach (string name in new[] { TrackingNames.ModelSpecs, TrackingNames.UniqueModelSpecs, TrackingNames.SharedWithOnnxify }.Where(run.TrackedSteps.ContainsKey))
            foreach (object? value in run.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value))
                AssertHoldsOnlyValues(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static string[] TrackedStepNames(GeneratorRunResult run) =>
        StepNames.Where(run.TrackedSteps.ContainsKey).ToArray();

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
