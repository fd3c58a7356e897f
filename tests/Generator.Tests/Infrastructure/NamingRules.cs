using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// The naming rules of src/Generator/README.md, written again from the README, as the oracle the generated
/// members are checked against: runs of letters and digits; camelCase parameters (an all-capitals first run
/// lower-cased whole), PascalCase properties; a word in front of a leading digit or of nothing; cut to 128
/// characters; names already taken numbered 2, 3, ... (the lowest free number) in model order.
/// </summary>
internal static class NamingRules
{
    public const int MaxLength = 128;

    /// <summary>The fixed members of a generated class and of <see cref="object"/>: no input or output signature property may take them.</summary>
    public static readonly string[] ClassMembers =
    {
        "Signature", "InputNames", "OutputNames", "Session", "Device", "Run", "RunInto", "Load", "Dispose", "Outputs", "MaxBatchSize", "SplitsFixedBatch",
        "TorchOutputs", "TorchDevice", "RunTorch",
        "RunAsync", "RunIntoAsync", "RunTorchAsync", "DisposeAsync",
        "CompleteOutputs", "AwaitOutputs", "CompleteTorchOutputs", "AwaitTorchOutputs", "CompleteRunInto", "AwaitRunInto",
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    /// <summary>The members of the nested <c>Outputs</c> and <c>TorchOutputs</c> classes and of <see cref="object"/>.</summary>
    public static readonly string[] OutputsMembers = { "Outputs", "TorchOutputs", "Take", "Keep", "Dispose", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize" };

    private static readonly Regex NotLetterOrDigit = new(@"[^\p{L}\p{Nd}]+", RegexOptions.CultureInvariant);

    // The locals Run and RunInto declare, and the Async forms' last parameter: no parameter may take them.
    private static readonly string[] RunLocals = { "inputs", "outputs", "cancellationToken" };

    /// <summary>The Run parameter names (as reflection shows them, without <c>@</c>) for inputs named <paramref name="onnxNames"/>.</summary>
    public static string[] Parameters(IEnumerable<string> onnxNames) => Numbered(onnxNames.Select(n => Camel(n, "input")), RunLocals);

    /// <summary>The RunInto parameter names: the inputs' as for Run, then one per output, all distinct.</summary>
    public static string[] IntoParameters(IEnumerable<string> inputs, IEnumerable<string> outputs) =>
        Numbered(inputs.Select(n => Camel(n, "input")).Concat(outputs.Select(n => Camel(n, "output"))), RunLocals);

    /// <summary>The Outputs property names for outputs named <paramref name="onnxNames"/>.</summary>
    public static string[] OutputProperties(IEnumerable<string> onnxNames) => Numbered(onnxNames.Select(n => Pascal(n, "Output")), OutputsMembers);

    /// <summary>The static signature property names, inputs' then outputs', sharing one class with its fixed members and its name.</summary>
    public static string[] SignatureProperties(IEnumerable<string> inputs, IEnumerable<string> outputs, string className) =>
        Numbered(inputs.Select(n => Pascal(n, "Input") + "Input").Concat(outputs.Select(n => Pascal(n, "Output") + "Output")), ClassMembers.Append(className));

    private static string[] Runs(string name) => NotLetterOrDigit.Split(name).Where(run => run.Length > 0).ToArray();

    private static string Pascal(string name, string prefix) =>
        Finish(string.Concat(Runs(name).Select(Capitalized)), prefix);

    private static string Camel(string name, string prefix)
    {
        string[] runs = Runs(name);
        if (runs.Length == 0) return prefix;
        string first = runs[0].Any(char.IsLower) || !runs[0].Any(char.IsLetter)
            ? char.ToLowerInvariant(runs[0][0]) + runs[0].Substring(1)
            : runs[0].ToLowerInvariant();
        return Finish(first + string.Concat(runs.Skip(1).Select(Capitalized)), prefix);
    }

    private static string Capitalized(string run) => char.ToUpperInvariant(run[0]) + run.Substring(1);

    private static string Finish(string name, string prefix)
    {
        if (name.Length == 0) return prefix;
        if (char.IsDigit(name[0])) name = prefix + name;
        return name.Length > MaxLength ? name.Substring(0, MaxLength) : name;
    }

    private static string[] Numbered(IEnumerable<string> names, IEnumerable<string> taken)
    {
        var used = new HashSet<string>(taken);
        var result = new List<string>();
        foreach (string name in names)
        {
            string candidate = name;
            for (int number = 2; !used.Add(candidate); number++) candidate = name + number.ToString(CultureInfo.InvariantCulture);
            result.Add(candidate);
        }
        return result.ToArray();
    }
}
