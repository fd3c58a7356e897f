using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OnnxTyped.Generator.Spec;

/// <summary>
/// Where a diagnostic points: a model file (no line inside a binary file). A string, equatable for
/// the pipeline cache; it becomes a <see cref="Location"/> only when the diagnostic is reported.
/// </summary>
internal sealed record LocationInfo(string FilePath)
{
    public Location ToLocation() => Location.Create(FilePath, default, new LinePositionSpan(default, default));
}
