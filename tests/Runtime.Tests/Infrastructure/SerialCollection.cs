using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>Tests that measure the whole process run in this collection, after and apart from all others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial (process-wide measurements)";
}
