using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OnnxTyped.Generator;

namespace OnnxTyped.Conformance;

/// <summary>
/// Runs the real <see cref="OnnxModelGenerator"/> through <see cref="CSharpGeneratorDriver"/> on one
/// model at a time, with the item metadata the build would give it, so each test's class,
/// diagnostics or exception belong to that test alone.
/// </summary>
internal sealed class GeneratorHost
{
    public const string RootNamespace = "Conformance.Generated";

    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithDocumentationMode(DocumentationMode.Diagnose);

    // The generator looks at no source, only at whether the compilation references the TorchSharp front-end
    // (BoundSession): then it writes the torch members the typed column calls beside the torch-free ones.
    private readonly CSharpCompilation _emptyCompilation = CSharpCompilation.Create("Conformance.Consumer",
        references: new[] { MetadataReference.CreateFromFile(typeof(BoundSession).Assembly.Location) });
    private readonly HashSet<string> _usedClassNames = new(StringComparer.Ordinal);

    /// <summary>Runs the generator on <paramref name="outcome"/>'s model and records what it did.</summary>
    public void Generate(TestOutcome outcome)
    {
        ConformanceTest test = outcome.Test;
        string ns = RootNamespace + "." + CSharpName(test.Folder);
        string className = UniqueClassName(ns, CSharpName(test.Name));
        var options = new ModelItemOptions(test.ModelPath, className, ns, targetPath: test.Name + "/model.onnx", RootNamespace);

        GeneratorRunResult result;
        try
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new OnnxModelGenerator().AsSourceGenerator() },
                new AdditionalText[] { new ModelAdditionalText(test.ModelPath) },
                ParseOptions,
                options);
            result = driver.RunGenerators(_emptyCompilation).GetRunResult().Results.Single();
        }
        catch (Exception e)
        {
            outcome.Generator = GeneratorStatus.Failure;
            outcome.GeneratorMessages.Add("the generator driver threw " + e.GetType().Name + ": " + e.Message);
            return;
        }

        foreach (Diagnostic diagnostic in result.Diagnostics)
            outcome.GeneratorMessages.Add(diagnostic.Id + ": " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        if (result.Exception is { } exception)
        {
            // The compiler reports this as warning CS8785 and drops the generator's output: a generator bug.
            outcome.Generator = GeneratorStatus.Failure;
            outcome.GeneratorMessages.Add("the generator threw " + exception.GetType().Name + ": " + FirstLine(exception.Message) + " at " + FirstFrame(exception));
            return;
        }

        ImmutableArray<GeneratedSourceResult> sources = result.GeneratedSources;
        if (sources.Length == 1)
        {
            outcome.Generator = GeneratorStatus.Class;
            outcome.GeneratedSource = sources[0].SourceText.ToString();
            outcome.ClassFullName = ns + "." + className;
        }
        else if (sources.Length == 0 && result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            outcome.Generator = GeneratorStatus.Diagnostic;
        }
        else
        {
            outcome.Generator = GeneratorStatus.Failure;
            outcome.GeneratorMessages.Add(sources.Length == 0
                ? "the generator produced neither a class nor an error diagnostic"
                : $"the generator produced {sources.Length} files for one model");
        }
    }

    /// <summary>PascalCase of the runs of letters and digits: <c>test_abs</c> → <c>TestAbs</c>, <c>pytorch-converted</c> → <c>PytorchConverted</c>.</summary>
    public static string CSharpName(string text)
    {
        var builder = new StringBuilder();
        bool startOfRun = true;
        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                startOfRun = true;
                continue;
            }
            builder.Append(startOfRun ? char.ToUpperInvariant(c) : c);
            startOfRun = false;
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0])) builder.Insert(0, 'T');
        return builder.ToString();
    }

    // Folder names that differ only in case or punctuation (test_Foo, test_foo) must not share a class.
    private string UniqueClassName(string ns, string name)
    {
        string candidate = name;
        for (int n = 2; !_usedClassNames.Add(ns + "." + candidate); n++) candidate = name + "_" + n;
        return candidate;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private static string FirstFrame(Exception e) =>
        e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no stack trace)";
}
