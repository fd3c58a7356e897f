using System;
using System.Collections.Generic;

namespace OnnxTyped;

/// <summary>Checks output shapes a caller gives (to pre-allocate, or as its own buffers) against what the model declares.</summary>
internal static class OutputShapes
{
    /// <summary>The parameter every <c>RunInto</c> takes the caller's output tensors through (a generated one renames it).</summary>
    public const string CallerOutputsParameter = "outputs";

    /// <summary>Throws <see cref="ArgumentException"/> (for <paramref name="parameterName"/>) when a caller's output shape contradicts the declared one.</summary>
    public static void CheckGiven(TensorSignature declared, IReadOnlyList<long> given, string parameterName)
    {
        bool matches = !declared.RankKnown || given.Count == declared.Rank;
        for (int d = 0; d < given.Count && matches; d++)
            matches = given[d] >= 0 && (!declared.RankKnown || !declared.DimAt(d).IsFixed || declared.DimAt(d).Size == given[d]);
        if (!matches)
            throw new OnnxOutputException(declared.Name,
                $"The shape given for output '{declared.Name}' is {ShapeText.Of(given)}, but the model declares {declared.ShapeText}.", parameterName);
    }
}
