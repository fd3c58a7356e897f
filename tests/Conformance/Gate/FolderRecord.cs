using System.Collections.Generic;
using System.Linq;

namespace OnnxTyped.Conformance;

/// <summary>The result of every test of one folder of the data root (<c>node</c>, <c>simple</c>...), by test name.</summary>
internal sealed class FolderRecord
{
    public FolderRecord(IEnumerable<KeyValuePair<string, PassedColumns>> results) => Results = OrdinalDictionary.From(results, "test");

    /// <summary>By test name (<c>test_abs</c>), in ordinal order.</summary>
    public IReadOnlyDictionary<string, PassedColumns> Results { get; }

    public int Tests => Results.Count;

    public int TypedPassed => Results.Values.Count(r => r.Typed);

    public int TorchFreePassed => Results.Values.Count(r => r.TorchFree);

    public int RawPassed => Results.Values.Count(r => r.Raw);
}
