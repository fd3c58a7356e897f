using System.Collections.Generic;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>
/// One mutation of a seed: what it does, said so a failure reads as a recipe, and its splices (a
/// size-changing mutation also corrects the length prefixes of the messages around the field it changes).
/// </summary>
internal sealed record Mutation(string Description, IReadOnlyList<Splice> Splices)
{
    public override string ToString() => Description;
}
