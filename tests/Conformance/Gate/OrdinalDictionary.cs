using System;
using System.Collections.Generic;

namespace OnnxTyped.Conformance;

/// <summary>Dictionaries by folder or test name, in ordinal order: the order the expected file is written in.</summary>
internal static class OrdinalDictionary
{
    /// <exception cref="ArgumentException">A name appears twice; <paramref name="what"/> says of what.</exception>
    public static SortedDictionary<string, T> From<T>(IEnumerable<KeyValuePair<string, T>> items, string what)
    {
        var sorted = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach ((string name, T value) in items)
            if (!sorted.TryAdd(name, value)) throw new ArgumentException($"the {what} '{name}' appears twice", nameof(items));
        return sorted;
    }
}
