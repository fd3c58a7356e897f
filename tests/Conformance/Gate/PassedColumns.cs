using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace OnnxTyped.Conformance;

/// <summary>
/// Which columns one test passes: <c>typed</c> (the generated class on TorchSharp tensors), <c>torch-free</c> (the
/// generated class on <c>OnnxTensor&lt;T&gt;</c>) and <c>raw</c> (ONNX Runtime's plain Run). In
/// <c>expected-totals.json</c> it is written as the passing columns in that order, separated by spaces
/// (<c>"typed torch-free raw"</c>, <c>"torch-free"</c>, <c>"raw"</c>...), or <c>"none"</c>.
/// </summary>
internal readonly record struct PassedColumns(bool Typed, bool TorchFree, bool Raw)
{
    public const string TypedName = "typed";
    public const string TorchFreeName = "torch-free";
    public const string RawName = "raw";
    private const string NoneText = "none";

    private static readonly string[] ColumnNames = { TypedName, TorchFreeName, RawName };

    /// <summary>The column names in the order they are written.</summary>
    public static IReadOnlyList<string> Names => ColumnNames;

    public static PassedColumns None { get; } = new(false, false, false);

    public static PassedColumns All { get; } = new(true, true, true);

    /// <summary>True when at least one column passes.</summary>
    public bool Any => Typed || TorchFree || Raw;

    /// <summary>How many columns pass.</summary>
    public int Count => (Typed ? 1 : 0) + (TorchFree ? 1 : 0) + (Raw ? 1 : 0);

    /// <summary>The form written in the expected file.</summary>
    public string Text => Any ? string.Join(" ", PassingNames()) : NoneText;

    /// <summary>For messages: <c>typed</c>, <c>typed and raw</c>, <c>typed, torch-free and raw</c>.</summary>
    public string Describe()
    {
        List<string> names = PassingNames().ToList();
        return names.Count switch
        {
            0 => NoneText,
            1 => names[0],
            _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
        };
    }

    /// <summary>The columns passed here and not in <paramref name="other"/>.</summary>
    public PassedColumns Except(PassedColumns other) => new(Typed && !other.Typed, TorchFree && !other.TorchFree, Raw && !other.Raw);

    /// <exception cref="InvalidDataException">Not a written form: unknown or repeated names, or names out of order.</exception>
    public static PassedColumns Parse(string text)
    {
        if (text == NoneText) return None;
        string[] words = text.Split(' ');
        var passed = new bool[ColumnNames.Length];
        int last = -1;
        foreach (string word in words)
        {
            int column = Array.IndexOf(ColumnNames, word);
            // In order and once each, so that every result has one spelling and a re-recorded file differs only where a result did.
            if (column <= last) throw NotAResult(text);
            passed[column] = true;
            last = column;
        }
        return new PassedColumns(passed[0], passed[1], passed[2]);
    }

    private IEnumerable<string> PassingNames()
    {
        if (Typed) yield return TypedName;
        if (TorchFree) yield return TorchFreeName;
        if (Raw) yield return RawName;
    }

    private static InvalidDataException NotAResult(string text) => new(
        $"'{text}' is not a result: write the passing columns in the order {string.Join(", ", ColumnNames)}, separated by one space " +
        $"(\"typed torch-free raw\", \"raw\"...), or \"{NoneText}\"");
}
