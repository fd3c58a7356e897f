using System.Collections.Generic;

namespace OnnxTyped.Conformance;

/// <summary>One test folder of the data root: a model and its data sets.</summary>
/// <param name="Folder">The group it belongs to: <c>node</c>, <c>simple</c>, <c>pytorch-converted</c>...</param>
/// <param name="Name">The folder name, e.g. <c>test_abs</c>.</param>
/// <param name="ModelPath">The full path of <c>model.onnx</c>.</param>
/// <param name="DataSets">The <c>test_data_set_*</c> folders, in name order.</param>
internal sealed record ConformanceTest(string Folder, string Name, string ModelPath, IReadOnlyList<DataSet> DataSets)
{
    /// <summary><c>node/test_abs</c>.</summary>
    public string Id => Folder + "/" + Name;
}
