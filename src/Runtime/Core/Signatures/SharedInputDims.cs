using System;
using System.Collections.Generic;

namespace OnnxTyped;

/// <summary>
/// The input dimensions that share a symbolic name (ONNX gives one <c>dim_param</c> one size across a graph), grouped
/// by name and computed once per signature, so a call checks them without building anything.
/// </summary>
internal sealed class SharedInputDims
{
    private SharedInputDims(string[] names, (int Input, int Dim)[][] groups)
    {
        Names = names;
        Groups = groups;
    }

    /// <summary>The symbolic name of each group.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Per name used by two or more input dimensions: where it appears, in model order.</summary>
    public IReadOnlyList<(int Input, int Dim)[]> Groups { get; }

    public static SharedInputDims Find(IReadOnlyList<TensorSignature> inputs)
    {
        var byName = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int i = 0; i < inputs.Count; i++)
        {
            if (!inputs[i].IsTensor || !inputs[i].RankKnown) continue;
            for (int d = 0; d < inputs[i].Rank; d++)
            {
                Dim dim = inputs[i].DimAt(d);
                if (dim.IsFixed || string.IsNullOrEmpty(dim.Name)) continue;
                if (!byName.TryGetValue(dim.Name!, out List<(int, int)>? places))
                {
                    byName[dim.Name!] = places = new List<(int, int)>();
                    order.Add(dim.Name!);
                }
                places.Add((i, d));
            }
        }
        var names = new List<string>();
        var groups = new List<(int, int)[]>();
        foreach (string name in order)
        {
            if (byName[name].Count < 2) continue;
            names.Add(name);
            groups.Add(byName[name].ToArray());
        }
        return new SharedInputDims(names.ToArray(), groups.ToArray());
    }
}
