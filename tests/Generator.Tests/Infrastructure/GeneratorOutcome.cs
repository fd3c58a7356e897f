using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorOutcome(GeneratorDriverRunResult RunResult, Compilation Compilation, ImmutableArray<Diagnostic> DriverDiagnostics)
{
    /// <summary>The generated files by hint name, in hint-name order.</summary>
    public IReadOnlyList<(string HintName, string Text)> Sources =>
        RunResult.Results.SelectMany(r => r.GeneratedSources)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToList();

    /// <summary>Everything the generator reported (its own diagnostics, and any exception it threw as CS8785).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => RunResult.Diagnostics.AddRange(DriverDiagnostics).Distinct().ToImmutableArray();

    /// <summary>Compiler diagnostics of the consumer with the generated code in it, warnings and errors only.</summary>
    public IReadOnlyList<Diagnostic> CompileProblems =>
        Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}
