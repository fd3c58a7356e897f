using System;
using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>A file the fuzzer starts from: a real model or an ONNX backend test model, and the fields found in it.</summary>
internal sealed class FuzzSeed
{
    private readonly Lazy<IReadOnlyList<FieldSite>> _sites;
    private readonly Lazy<IReadOnlyList<FieldSite>> _readSites;

    public FuzzSeed(string name, byte[] bytes)
    {
        Name = name;
        Bytes = bytes;
        _sites = new Lazy<IReadOnlyList<FieldSite>>(() => FieldSites.Find(bytes));
        _readSites = new Lazy<IReadOnlyList<FieldSite>>(() => Sites.Where(IsRead).ToArray());
    }

    public string Name { get; }

    public byte[] Bytes { get; }

    public IReadOnlyList<FieldSite> Sites => _sites.Value;

    /// <summary>The fields the reader reads: all but those inside the graph's nodes, which it skips whole.</summary>
    public IReadOnlyList<FieldSite> ReadSites => _readSites.Value;

    public override string ToString() => Name;

    // ModelProto.graph (7) holds GraphProto.node (1): nodes are most of a file's fields, and none is read.
    private static bool IsRead(FieldSite site)
    {
        FieldSite? inGraph = site;
        while (inGraph?.Parent?.Parent is not null) inGraph = inGraph.Parent;
        return site.Depth < 2 || inGraph!.Parent!.FieldNumber != 7 || inGraph.FieldNumber != 1;
    }
}
