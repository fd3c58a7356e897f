using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OnnxTyped.Generator;

namespace OnnxTyped.Benchmarks.Reader;

/// <summary>
/// The source generator on one model file, as the compiler runs it: <c>CSharpGeneratorDriver</c> with the model
/// as an additional file (the reader is internal to the generator). <see cref="LargeModel"/> has 160 MB of weights
/// in one initializer, <see cref="SmallModel"/> the same graph with 16 bytes of weights; both generate the same
/// class, so their difference is what the weights cost the reader. Both files are written to a temporary folder in
/// the setup and deleted after.
/// </summary>
[MemoryDiagnoser]
public class GeneratorReadBenchmarks
{
    /// <summary>The large model's weights: 160 MB.</summary>
    public const long LargeWeightBytes = 160L * 1024 * 1024;

    private string _folder = null!;
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _largeModelDriver = null!;
    private GeneratorDriver _smallModelDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "onnxtyped-reader-benchmark-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        string large = Path.Combine(_folder, "large.onnx");
        string small = Path.Combine(_folder, "small.onnx");
        SyntheticModelFile.Write(large, LargeWeightBytes);
        SyntheticModelFile.Write(small, 16);
        _compilation = CSharpCompilation.Create("ReaderBenchmark");
        _largeModelDriver = Driver(large);
        _smallModelDriver = Driver(small);
        EnsureGenerates(_largeModelDriver, large);
        EnsureGenerates(_smallModelDriver, small);
    }

    /// <summary>A driver that has run nothing yet: each run from it reads the model afresh (nothing is cached).</summary>
    private static GeneratorDriver Driver(string modelPath) => CSharpGeneratorDriver.Create(
        new[] { new OnnxModelGenerator().AsSourceGenerator() },
        new AdditionalText[] { new ModelFileText(modelPath) },
        CSharpParseOptions.Default,
        new ModelItemOptionsProvider("SyntheticModel"));

    private void EnsureGenerates(GeneratorDriver driver, string modelPath)
    {
        GeneratorRunResult result = driver.RunGenerators(_compilation).GetRunResult().Results.Single();
        ImmutableArray<Diagnostic> errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        if (result.Exception is not null || errors.Length > 0 || result.GeneratedSources.Length != 1)
            throw new InvalidOperationException(
                $"The generator did not generate one class from '{modelPath}': {result.Exception?.Message} {string.Join("; ", errors)}");
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver SmallModel() => _smallModelDriver.RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver LargeModel() => _largeModelDriver.RunGenerators(_compilation);

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);
}
