using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace OnnxTyped.Generator.Parser;

/// <summary>
/// Turns arbitrary ONNX names into readable, valid and stable C# names: the name is split into runs
/// of letters and digits (everything else separates runs), then joined as camelCase or PascalCase.
/// A result starting with a digit gets a word in front, a keyword gets <c>@</c>, and a name already
/// taken gets <c>2</c>, <c>3</c>, ... in model order (<see cref="NameSet"/>).
/// </summary>
internal static class CSharpNames
{
    /// <summary>C# refuses a longer identifier (CS0645), so a longer ClassName or namespace part cannot be used.</summary>
    public const int MaxIdentifierLength = 512;

    /// <summary>
    /// The longest name made from an ONNX name (before a number is added): longer ones are cut. Names that
    /// long are unreadable already, and an uncut one over 512 characters made the generated class fail to compile.
    /// </summary>
    public const int MaxNameLength = 128;

    /// <summary>The runs of letters and digits in <paramref name="name"/>.</summary>
    public static List<string> Runs(string name)
    {
        var runs = new List<string>();
        var current = new StringBuilder();
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                runs.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) runs.Add(current.ToString());
        return runs;
    }

    /// <summary>PascalCase: each run with its first letter upper-cased, the rest kept (<c>sigmoid_0.tmp_0</c> → <c>Sigmoid0Tmp0</c>).</summary>
    public static string Pascal(string name, string digitPrefix)
    {
        var result = new StringBuilder();
        foreach (string run in Runs(name)) result.Append(char.ToUpperInvariant(run[0])).Append(run, 1, run.Length - 1);
        return Cut(StartWithLetter(result.ToString(), digitPrefix));
    }

    /// <summary>
    /// camelCase: PascalCase with the first run lower-cased (<c>onnx::Flatten_0</c> → <c>onnxFlatten0</c>);
    /// an all-capitals first run is lower-cased whole (<c>RGB_image</c> → <c>rgbImage</c>, <c>X</c> → <c>x</c>).
    /// </summary>
    public static string Camel(string name, string digitPrefix)
    {
        List<string> runs = Runs(name);
        var result = new StringBuilder();
        for (int i = 0; i < runs.Count; i++)
        {
            string run = runs[i];
            if (i == 0)
                result.Append(IsAllUpper(run) ? run.ToLowerInvariant() : char.ToLowerInvariant(run[0]) + run.Substring(1));
            else
                result.Append(char.ToUpperInvariant(run[0])).Append(run, 1, run.Length - 1);
        }
        string camel = result.ToString();
        if (camel.Length > 0 && char.IsDigit(camel[0])) return Cut(digitPrefix + camel);
        return camel.Length == 0 ? digitPrefix : Cut(camel);
    }

    /// <summary>Escapes a keyword with <c>@</c> (<c>class</c> → <c>@class</c>).</summary>
    public static string EscapeKeyword(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    /// <summary>True when <paramref name="name"/> can be a type name as written (no <c>@</c>, not a keyword, not too long).</summary>
    public static bool IsValidTypeName(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && name.Length <= MaxIdentifierLength;

    /// <summary>True when <paramref name="name"/> is a dotted namespace name of valid identifiers.</summary>
    public static bool IsValidNamespace(string name)
    {
        if (name.Length == 0) return false;
        foreach (string part in name.Split('.'))
            if (!SyntaxFacts.IsValidIdentifier(part) || SyntaxFacts.GetKeywordKind(part) != SyntaxKind.None || part.Length > MaxIdentifierLength) return false;
        return true;
    }

    /// <summary>
    /// Makes a project's <c>RootNamespace</c> usable as a namespace, the way project templates do:
    /// characters that cannot appear become <c>_</c>, and a part starting with a digit gets <c>_</c>.
    /// </summary>
    public static string SanitizeNamespace(string name)
    {
        var parts = new List<string>();
        foreach (string part in name.Split('.'))
        {
            var clean = new StringBuilder();
            foreach (char c in part) clean.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
            string text = clean.ToString();
            if (text.Length == 0) continue;
            if (char.IsDigit(text[0]) || SyntaxFacts.GetKeywordKind(text) != SyntaxKind.None) text = "_" + text;
            parts.Add(text);
        }
        return string.Join(".", parts);
    }

    private static string Cut(string name) => name.Length <= MaxNameLength ? name : name.Substring(0, MaxNameLength);

    private static string StartWithLetter(string name, string digitPrefix) =>
        name.Length == 0 ? digitPrefix : char.IsDigit(name[0]) ? digitPrefix + name : name;

    private static bool IsAllUpper(string run)
    {
        bool anyLetter = false;
        foreach (char c in run)
        {
            if (char.IsLower(c)) return false;
            anyLetter |= char.IsLetter(c);
        }
        return anyLetter;
    }
}
