using System;
using System.Collections.Generic;
using System.Globalization;

namespace OnnxTyped.Generator.Parser;

/// <summary>
/// The names taken in one C# scope, handing out a name or, when it is taken, the name followed by 2, 3, ...
/// (the lowest number free). It remembers the last number tried for each name: names are only ever added,
/// so the numbers below it stay taken, and a model with 20,000 inputs of one name is named in linear time
/// (trying 2, 3, ... from the start each time took 44 s).
/// </summary>
internal sealed class NameSet
{
    private readonly HashSet<string> _taken;
    private readonly Dictionary<string, int> _nextNumber = new(StringComparer.Ordinal);

    public NameSet(IEnumerable<string> taken) => _taken = new HashSet<string>(taken, StringComparer.Ordinal);

    /// <summary>
    /// The names tried so far (one set lookup each): the work naming does, which tests count to keep it linear, since a
    /// time limit would depend on the machine.
    /// </summary>
    internal long Probes { get; private set; }

    /// <summary>Returns <paramref name="name"/>, or it followed by the lowest free number from 2 on, and takes it.</summary>
    public string Claim(string name)
    {
        Probes++;
        if (_taken.Add(name)) return name;
        _nextNumber.TryGetValue(name, out int number);
        for (number = Math.Max(number, 2); ; number++)
        {
            string candidate = name + number.ToString(CultureInfo.InvariantCulture);
            Probes++;
            if (_taken.Add(candidate))
            {
                _nextNumber[name] = number + 1;
                return candidate;
            }
        }
    }
}
