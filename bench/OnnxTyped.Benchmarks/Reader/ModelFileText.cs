using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OnnxTyped.Benchmarks.Reader;

/// <summary>
/// A model file as the compiler hands it to the generator: an additional file known by its path. It has no
/// text: the generator must read a binary model by path, and this fails loudly if it ever asks for text.
/// </summary>
internal sealed class ModelFileText : AdditionalText
{
    public ModelFileText(string path) => Path = path;

    public override string Path { get; }

    public override SourceText? GetText(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"The generator asked for the text of the binary model '{Path}'.");
}
