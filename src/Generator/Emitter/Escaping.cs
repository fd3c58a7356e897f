using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Makes strings taken from a model safe where they land in generated code: C# string literals,
/// XML doc comment text, and single-line comments. No model string can end a literal, a comment
/// or an XML element, or start a new line of code.
/// </summary>
internal static class Escaping
{
    /// <summary>
    /// The most characters of one model string shown in docs; the rest is summed up in a note. Docs are for
    /// reading, and a model may hold megabytes of text (a model card, a vocabulary in its metadata) that would
    /// otherwise be copied, escaped, into every build's generated source.
    /// </summary>
    public const int MaxDocCharacters = 1000;

    /// <summary>A C# regular string literal, quotes included.</summary>
    public static string Literal(string value)
    {
        var result = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': result.Append("\\\""); break;
                case '\\': result.Append("\\\\"); break;
                case '\n': result.Append("\\n"); break;
                case '\r': result.Append("\\r"); break;
                case '\t': result.Append("\\t"); break;
                case '\0': result.Append("\\0"); break;
                default:
                    if (NeedsUnicodeEscape(c)) result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else result.Append(c);
                    break;
            }
        }
        return result.Append('"').ToString();
    }

    /// <summary>
    /// Text for an XML doc comment, split into lines at every C# line terminator (each line becomes
    /// its own <c>///</c> line). <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> are entity-escaped; characters XML
    /// cannot hold (controls, lone surrogates) and invisible format characters are written as <c>\uXXXX</c> text.
    /// Past <see cref="MaxDocCharacters"/> the text is cut, with a note of how much more there is.
    /// </summary>
    public static IReadOnlyList<string> XmlLines(string value)
    {
        string note = "";
        if (value.Length > MaxDocCharacters)
        {
            int cut = char.IsHighSurrogate(value[MaxDocCharacters - 1]) ? MaxDocCharacters - 1 : MaxDocCharacters;
            note = "… (" + (value.Length - cut).ToString("N0", CultureInfo.InvariantCulture) + " more characters)";
            value = value.Substring(0, cut);
        }
        var lines = new List<string>();
        var line = new StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n') continue;
            if (IsLineTerminator(c))
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
                continue;
            }
            AppendXml(line, value, ref i);
        }
        string last = line.ToString().TrimEnd();
        lines.Add(note.Length == 0 ? last : last.Length == 0 ? note : last + " " + note);
        return lines;
    }

    /// <summary>Text for one line of an XML doc comment: line terminators become spaces.</summary>
    public static string Xml(string value) => string.Join(" ", XmlLines(value)).Trim();

    /// <summary>Text for a <c>//</c> comment: one line, with controls and line terminators as <c>\uXXXX</c>.</summary>
    public static string CommentText(string value)
    {
        var result = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (NeedsUnicodeEscape(c) || c < ' ') result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else result.Append(c);
        }
        return result.ToString();
    }

    private static void AppendXml(StringBuilder line, string value, ref int i)
    {
        char c = value[i];
        switch (c)
        {
            case '&': line.Append("&amp;"); return;
            case '<': line.Append("&lt;"); return;
            case '>': line.Append("&gt;"); return;
            case '\t': line.Append(' '); return;
        }
        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
        {
            line.Append(c).Append(value[++i]);
            return;
        }
        if (c < ' ' || char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF' || (c >= '\u007F' && c <= '\u009F')
            || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
        {
            line.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            return;
        }
        line.Append(c);
    }

    // C# line terminators: a model string must not end a /// line early.
    private static bool IsLineTerminator(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    // Characters shown escaped in literals and comments: controls, line terminators, lone surrogates,
    // and format characters (bidi overrides and the like would make the source read differently from what it does).
    private static bool NeedsUnicodeEscape(char c) =>
        c < ' ' || (c >= '\u007F' && c <= '\u009F') || c is '\u2028' or '\u2029' || char.IsSurrogate(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
