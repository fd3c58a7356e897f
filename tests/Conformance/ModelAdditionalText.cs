using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OnnxTyped.Conformance;

/// <summary>
/// A model file as the compiler hands it to a generator: an additional file with a path. A model
/// is binary, so its text is never available; the generator reads it by path.
/// </summary>
internal sealed class ModelAdditionalText : AdditionalText
{
    public ModelAdditionalText(string path) => Path = path;

    public override string Path { get; }

    public override SourceText? GetText(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"GetText() was called on the binary model '{Path}'; the generator must read models by path.");
}
