using System.Linq;
using Microsoft.CodeAnalysis;

namespace OnnxTyped.Generator.Spec;

/// <summary>
/// A diagnostic to report later: descriptor id, location and message arguments, all strings, so
/// it is equatable for the pipeline cache (a <see cref="Diagnostic"/> is not).
/// </summary>
internal sealed record DiagnosticInfo(string DescriptorId, LocationInfo Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, string filePath, params string[] messageArgs) =>
        new(descriptor.Id, new LocationInfo(filePath), messageArgs.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Diagnostics.ById(DescriptorId), Location.ToLocation(), MessageArgs.Cast<object>().ToArray());
}
