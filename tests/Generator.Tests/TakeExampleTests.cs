using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Emit;
using Onnx;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The example in each outputs class's <c>Take</c> doc is true for that class: it calls the class's own run method of
/// that front-end (<c>Run</c> or <c>RunTorch</c>, with no arguments when the model has none) and takes the class's first
/// output, so a model without a recurrent state (PP-OCR) or without inputs does not show Silero's <c>StateN</c>.
/// </summary>
public sealed class TakeExampleTests
{
    private const int Float = 1;

    // "<c>using var result = model.Run(...); stateN = result.Take(result.StateN);</c>": the method, its arguments, the variable, the output.
    private static readonly Regex Example = new(@"<c>using var result = model\.(\w+)\(([^)]*)\); (@?\w+) = result\.Take\(result\.(\w+)\);</c>");

    [Fact]
    public void EachOutputsClass_ShowsItsOwnRunAndItsFirstOutput()
    {
        string constant = Write(Model(
            new[] { Tensor("bias", Float, 2L) }, new[] { Tensor("y", Float, 2L), Tensor("z", Float, 2L) },
            new[] { Node("Identity", new[] { "bias" }, new[] { "y" }), Node("Identity", new[] { "bias" }, new[] { "z" }) },
            new[] { FloatTensor("bias", new long[] { 2 }, 1, 2) }), "constant.onnx");
        ModelItem[] items =
        {
            new(RepoModels.SileroVad, ClassName: "Vad", Namespace: "InMemory"),
            new(RepoModels.PpOcrDet, ClassName: "Detector", Namespace: "InMemory"),
            new(constant, ClassName: "Constant", Namespace: "InMemory"),
        };
        GeneratorOutcome outcome = GeneratorHarness.Run(items);
        Assert.Empty(outcome.CompileProblems);
        using var image = new MemoryStream();
        EmitResult emitted = outcome.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        Assembly assembly = Assembly.Load(image.ToArray());

        foreach ((string hintName, string source) in outcome.Sources)
        {
            Type type = assembly.GetType(hintName[..^".g.cs".Length], throwOnError: true)!;   // the hint name is the full class name
            MatchCollection examples = Example.Matches(source);
            // One per outputs class, in the order they are written: Outputs (typed), then TorchOutputs.
            Assert.Equal(new[] { "Run", "RunTorch" }, examples.Select(m => m.Groups[1].Value));
            foreach (Match example in examples)
            {
                MethodInfo run = Assert.Single(type.GetMethods(), m => m.Name == example.Groups[1].Value);
                Assert.Equal(run.GetParameters().Length == 0 ? "" : "...", example.Groups[2].Value);
                PropertyInfo first = run.ReturnType.GetProperties().OrderBy(p => p.MetadataToken).First();
                Assert.Equal(first.Name, example.Groups[4].Value);
                // The variable is named as RunInto names that output's destination.
                MethodInfo runInto = type.GetMethods().First(m => m.Name == "RunInto");
                Assert.Equal(runInto.GetParameters()[run.GetParameters().Length].Name, example.Groups[3].Value.TrimStart('@'));
            }
        }
        Assert.All(outcome.Sources.Where(s => !s.HintName.Contains("Vad", StringComparison.Ordinal)), s => Assert.DoesNotContain("StateN", s.Text, StringComparison.Ordinal));
    }
}
