using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// An additional file that exists on disk, as the compiler gives one to a generator. Its text is
/// never available: a model is binary, and the generator must read it by path.
/// </summary>
internal sealed class FileAdditionalText : AdditionalText
{
    public FileAdditionalText(string path) => Path = path;

    public override string Path { get; }

    public override SourceText? GetText(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"GetText() was called on the binary model '{Path}'; the generator must read models by path.");
}
