using System;
using System.Collections.Generic;
using System.Linq;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Parser;

/// <summary>
/// The checks across all the models of a project, which no single model file can make: two items that
/// would generate the same class (OTG007), and two model files the build copies to the same path under
/// the output folder (OTG013), where one overwrites the other and <c>Load()</c> of both opens the survivor.
/// Items are taken in item order: the first keeps its class, a later one that conflicts is reported with
/// every conflict it has and generates nothing. Classes whose full names differ only in case are both
/// generated, the later one numbered in its file name (see <see cref="ModelSpec.FileNameNumber"/>).
/// </summary>
internal static class ModelSetChecks
{
    public static IEnumerable<Result<ModelSpec>> SetAsideConflicts(IEnumerable<Result<ModelSpec>> all)
    {
        var firstFileByClass = new Dictionary<string, string>(StringComparer.Ordinal);
        // Ignoring case: Windows and macOS file systems do, and a project should build the same everywhere.
        var firstFileByTarget = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var classesIgnoringCase = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (Result<ModelSpec> result in all)
        {
            if (result.Value is not { } spec)
            {
                yield return result;
                continue;
            }
            var conflicts = new List<DiagnosticInfo>();
            if (firstFileByClass.TryGetValue(spec.FullClassName, out string? firstWithClass))
            {
                // Full paths: two models with one class name often share a file name too.
                conflicts.Add(DiagnosticInfo.Create(Diagnostics.DuplicateClassName, spec.SourcePath, spec.SourcePath, firstWithClass, spec.FullClassName));
            }
            string target = spec.TargetPath.Replace('\\', '/');
            // The same file listed twice (for two class names) is one copy: only another file conflicts.
            if (firstFileByTarget.TryGetValue(target, out string? firstAtTarget) && firstAtTarget != spec.SourcePath)
            {
                conflicts.Add(DiagnosticInfo.Create(Diagnostics.TargetPathCollision, spec.SourcePath,
                    spec.SourcePath, firstAtTarget, spec.TargetPath, SuggestedLink(spec)));
            }
            if (!firstFileByTarget.ContainsKey(target)) firstFileByTarget.Add(target, spec.SourcePath);
            if (conflicts.Count > 0)
            {
                yield return new Result<ModelSpec>(null, result.Diagnostics.Concat(conflicts).ToEquatableArray());
                continue;
            }
            firstFileByClass.Add(spec.FullClassName, spec.SourcePath);
            if (classesIgnoringCase.TryGetValue(spec.FullClassName, out int earlier))
            {
                classesIgnoringCase[spec.FullClassName] = earlier + 1;
                yield return result with { Value = spec with { FileNameNumber = earlier + 1 } };
                continue;
            }
            classesIgnoringCase.Add(spec.FullClassName, 1);
            yield return result;
        }
    }

    /// <summary>A Link the message can propose: the model's own folder name in front of its file name (<c>../b/model.onnx</c> → <c>b/model.onnx</c>).</summary>
    private static string SuggestedLink(ModelSpec spec)
    {
        string path = spec.SourcePath.Replace('\\', '/');
        int slash = path.LastIndexOf('/');
        string folder = slash > 0 ? ModelPaths.FileName(path.Substring(0, slash)) : "";
        return (folder.Length > 0 ? folder : "models") + "/" + spec.ModelFileName;
    }
}
