using System;
using System.Collections.Generic;

namespace OnnxTyped.Samples;

/// <summary>
/// The command line of a sample: <c>--name value</c> pairs out of a fixed set of names, each optional, so that running a
/// sample with no arguments at all does the whole demonstration.
/// </summary>
internal sealed class SampleArguments
{
    private readonly Dictionary<string, string> _values;

    private SampleArguments(Dictionary<string, string> values) => _values = values;

    /// <summary>Reads <paramref name="args"/>, accepting only the option names in <paramref name="known"/> (without <c>--</c>).</summary>
    /// <exception cref="ArgumentException">An unknown option, a value without an option, or an option without a value.</exception>
    public static SampleArguments Parse(string[] args, params string[] known)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i += 2)
        {
            string name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : "";
            if (Array.IndexOf(known, name) < 0)
                throw new ArgumentException($"Unknown argument '{args[i]}'. Options: {Usage(known)}.");
            if (i + 1 >= args.Length)
                throw new ArgumentException($"'{args[i]}' needs a value. Options: {Usage(known)}.");
            values[name] = args[i + 1];
        }
        return new SampleArguments(values);
    }

    /// <summary>The value given for <c>--<paramref name="name"/></c>, or <paramref name="fallback"/> when it was not given.</summary>
    public string Get(string name, string fallback) => _values.TryGetValue(name, out string? value) ? value : fallback;

    private static string Usage(string[] known) => string.Join(", ", Array.ConvertAll(known, n => $"--{n} <value>"));
}
