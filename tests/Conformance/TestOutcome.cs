using System.Collections.Generic;

namespace OnnxTyped.Conformance;

/// <summary>Everything the suite learned about one test; filled in stage by stage.</summary>
internal sealed class TestOutcome
{
    public TestOutcome(ConformanceTest test) => Test = test;

    public ConformanceTest Test { get; }

    public GeneratorStatus Generator { get; set; }

    /// <summary>The generator's diagnostics as <c>OTG003: message</c>, and for a failure the exception.</summary>
    public List<string> GeneratorMessages { get; } = new();

    /// <summary>The generated source, when there is a class.</summary>
    public string? GeneratedSource { get; set; }

    /// <summary>The full name of the generated class.</summary>
    public string? ClassFullName { get; set; }

    /// <summary>Compiler errors in the generated source (a generator bug), or null.</summary>
    public string? CompileErrors { get; set; }

    /// <summary>Compiler warnings in the generated source (the generated code must compile without any).</summary>
    public List<string> CompileWarnings { get; } = new();

    /// <summary>True when ONNX Runtime declares only tensor inputs and outputs.</summary>
    public bool TensorOnly { get; set; }

    /// <summary>
    /// True when an input or output of the generated class is uint16, uint32 or uint64: the typed column carries those in
    /// int16/32/64 (TorchSharp has no such dtypes), the torch-free column binds them as they are.
    /// </summary>
    public bool HasWideUnsigned { get; set; }

    /// <summary>What <see cref="BatchProbe"/> found (default when it did not run).</summary>
    public BatchProbe.Result BatchProbe { get; set; }

    public ColumnResult Typed { get; set; } = ColumnResult.Fail("not run");

    public ColumnResult TorchFree { get; set; } = ColumnResult.Fail("not run");

    public ColumnResult Raw { get; set; } = ColumnResult.Fail("not run");
}
