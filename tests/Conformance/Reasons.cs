using System;
using System.Reflection;

namespace OnnxTyped.Conformance;

/// <summary>Short, one-line reasons for the report.</summary>
internal static class Reasons
{
    /// <summary><c>OnnxInputException: message</c>, unwrapping reflection's wrapper, first line only.</summary>
    public static string Of(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        return e.GetType().Name + ": " + OneLine(e.Message);
    }

    /// <summary>The text on one line, cut to a length a table cell can hold.</summary>
    public static string OneLine(string text, int max = 400)
    {
        string line = text.Replace("\r", " ").Replace('\n', ' ').Replace('|', '/').Trim();
        while (line.Contains("  ", StringComparison.Ordinal)) line = line.Replace("  ", " ");
        return line.Length <= max ? line : line.Substring(0, max) + "…";
    }
}
