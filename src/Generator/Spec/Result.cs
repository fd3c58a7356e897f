namespace OnnxTyped.Generator.Spec;

/// <summary>
/// A value (or none, when an error stopped it) and the diagnostics found making it. Equatable when
/// <typeparamref name="T"/> is, so it can flow through the pipeline cache.
/// </summary>
internal sealed record Result<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : class, System.IEquatable<T>
{
    public static Result<T> Failure(DiagnosticInfo diagnostic) => new(null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
}
