using System.Collections.Generic;

namespace OnnxTyped.Conformance;

/// <summary>One <c>test_data_set_*</c> folder: the <c>input_*.pb</c> and <c>output_*.pb</c> files, each in index order.</summary>
internal sealed record DataSet(string Name, IReadOnlyList<string> InputFiles, IReadOnlyList<string> OutputFiles);
