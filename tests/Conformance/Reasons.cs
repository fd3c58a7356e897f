using System;
using System.Reflection;
using System.Text.RegularExpressions;

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

    /// <summary>
    /// The reason without the counts and first differing value of a value mismatch: random operators
    /// (Bernoulli, training Dropout) differ by other amounts on every run, and the committed report
    /// should change only when a result does. <c>--filter</c> shows the details.
    /// </summary>
    public static string WithoutValues(string reason) =>
        Regex.Replace(reason, @"\d+ (of \d+ values|elements) differ.*$", "values differ beyond the tolerance");

    /// <summary>The text on one line, cut to a length a table cell can hold.</summary>
    public static string OneLine(string text, int max = 400)
    {
        string line = text.Replace("\r", " ").Replace('\n', ' ').Replace('|', '/').Trim();
        while (line.Contains("  ", StringComparison.Ordinal)) line = line.Replace("  ", " ");
        return line.Length <= max ? line : line.Substring(0, max) + "…";
    }
}
