using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OnnxTyped.Conformance;

/// <summary>
/// Compiles generated classes in batches (one compilation per ~100 models keeps the suite fast),
/// emits each batch to memory and loads it in its own <see cref="AssemblyLoadContext"/>. A source
/// with errors is taken out of its batch with its errors recorded, so one bad model does not sink
/// the rest; errors that name no source split the batch in halves until they do.
/// </summary>
internal sealed class BatchCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);
    private int _assemblies;

    /// <summary>The classes loaded so far, by full class name.</summary>
    public Dictionary<string, Type> LoadedTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Compiles and loads the generated class of every outcome that has one.</summary>
    public void CompileAll(IEnumerable<TestOutcome> outcomes, int batchSize)
    {
        List<(TestOutcome Outcome, SyntaxTree Tree)> all = outcomes
            .Where(o => o.GeneratedSource is not null)
            .Select(o => (o, CSharpSyntaxTree.ParseText(o.GeneratedSource!, GeneratorHost.ParseOptions, path: o.Test.Id + ".g.cs")))
            .ToList();
        for (int start = 0; start < all.Count; start += batchSize)
            Compile(all.GetRange(start, Math.Min(batchSize, all.Count - start)));
    }

    private void Compile(List<(TestOutcome Outcome, SyntaxTree Tree)> batch)
    {
        while (batch.Count > 0)
        {
            string name = "Conformance.Batch" + (++_assemblies).ToString(CultureInfo.InvariantCulture);
            CSharpCompilation compilation = CSharpCompilation.Create(
                name,
                batch.Select(b => b.Tree),
                LazyReferences.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true).WithSpecificDiagnosticOptions(AssemblyUnification.Quiet));
            using var image = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = compilation.Emit(image);
            if (emitted.Success)
            {
                RecordWarnings(batch, emitted.Diagnostics);
                Load(name, image, batch);
                return;
            }

            List<Diagnostic> errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var failing = new HashSet<SyntaxTree>(errors.Select(e => e.Location.SourceTree).OfType<SyntaxTree>());
            if (failing.Count == 0)
            {
                // Errors without a source (a reference problem, say): bisect until one model is left.
                if (batch.Count == 1)
                {
                    batch[0].Outcome.CompileErrors = Describe(errors);
                    return;
                }
                int half = batch.Count / 2;
                Compile(batch.GetRange(0, half));
                Compile(batch.GetRange(half, batch.Count - half));
                return;
            }
            foreach ((TestOutcome outcome, SyntaxTree tree) in batch.Where(b => failing.Contains(b.Tree)))
                outcome.CompileErrors = Describe(errors.Where(e => e.Location.SourceTree == tree));
            batch = batch.Where(b => !failing.Contains(b.Tree)).ToList();
        }
    }

    private static void RecordWarnings(List<(TestOutcome Outcome, SyntaxTree Tree)> batch, ImmutableArray<Diagnostic> diagnostics)
    {
        foreach (Diagnostic warning in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning))
            foreach ((TestOutcome outcome, SyntaxTree tree) in batch)
                if (warning.Location.SourceTree == tree)
                    outcome.CompileWarnings.Add(Describe(warning));
    }

    private void Load(string name, MemoryStream image, List<(TestOutcome Outcome, SyntaxTree Tree)> batch)
    {
        image.Position = 0;
        // Its own context per batch; dependencies (the runtime, TorchSharp, ONNX Runtime) resolve to the default context's copies.
        Assembly assembly = new AssemblyLoadContext(name).LoadFromStream(image);
        foreach ((TestOutcome outcome, _) in batch)
        {
            Type? type = assembly.GetType(outcome.ClassFullName!);
            if (type is null)
                outcome.CompileErrors = $"the generated source compiled but declares no class '{outcome.ClassFullName}'";
            else
                LoadedTypes[outcome.ClassFullName!] = type;
        }
    }

    private static string Describe(IEnumerable<Diagnostic> errors) =>
        string.Join("; ", errors.Take(3).Select(Describe)) + (errors.Count() > 3 ? $"; and {errors.Count() - 3} more" : "");

    private static string Describe(Diagnostic d)
    {
        FileLinePositionSpan span = d.Location.GetLineSpan();
        string where = span.IsValid ? $" (line {span.StartLinePosition.Line + 1})" : "";
        return $"{d.Id}{where}: {d.GetMessage(CultureInfo.InvariantCulture)}";
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The framework this program runs on, plus what a project referencing the runtime gets:
        // the runtime, TorchSharp, ONNX Runtime and everything they reference (Microsoft.Extensions.Logging.Abstractions...).
        string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var paths = new HashSet<string>(platform.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                        || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll"), StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        void AddWithReferences(Assembly assembly)
        {
            if (!visited.Add(assembly.GetName().Name!)) return;
            if (assembly.Location.Length > 0) paths.Add(assembly.Location);
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                try
                {
                    AddWithReferences(Assembly.Load(reference));
                }
                catch (IOException)
                {
                    // Not deployed with this program (an optional dependency): generated code cannot need it either.
                }
            }
        }
        AddWithReferences(typeof(OnnxTyped.BoundSession).Assembly);
        AddWithReferences(typeof(TorchSharp.torch).Assembly);
        AddWithReferences(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
