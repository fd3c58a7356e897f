using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// What an in-memory compilation reports about assembly versions, as the SDK sets it for every project (NoWarn 1701 and
/// 1702): the core is compiled against ONNX Runtime's managed API 1.31.1, the packages' floor, while the tests reference
/// 1.32.0, and the compiler's note that it unified the two is not a problem of the generated code.
/// </summary>
internal static class AssemblyUnification
{
    public static readonly IReadOnlyDictionary<string, ReportDiagnostic> Quiet = new Dictionary<string, ReportDiagnostic>
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
    };
}
