namespace OnnxTyped.Conformance;

/// <summary>What the generator did with a model.</summary>
internal enum GeneratorStatus
{
    /// <summary>It produced a class.</summary>
    Class,

    /// <summary>It produced no class and reported why.</summary>
    Diagnostic,

    /// <summary>It threw, or produced neither a class nor a diagnostic: a generator bug.</summary>
    Failure,
}
