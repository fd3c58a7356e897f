using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OnnxTyped;

/// <summary>Checks an actual shape against a declared one before anything is bound.</summary>
internal static class ShapeRules
{
    public static string Format(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Throws <see cref="OnnxInputException"/> when the rank or a fixed dimension differs.</summary>
    public static void CheckInput(TensorSignature declared, long[] actual) => CheckInput(declared, actual, firstDim: 0);

    /// <summary>As <see cref="CheckInput(TensorSignature, long[])"/>, but dimension 0 may differ: a batch about to be split and padded.</summary>
    public static void CheckInputBeforeBatching(TensorSignature declared, long[] actual) => CheckInput(declared, actual, firstDim: 1);

    private static void CheckInput(TensorSignature declared, long[] actual, int firstDim)
    {
        if (!declared.RankKnown) return;
        if (actual.Length != declared.Rank)
            throw new OnnxInputException(declared.Name, declared.ShapeText, Format(actual),
                $"Input '{declared.Name}' has the wrong rank: the model expects {declared.Rank} dimension(s) {declared.ShapeText}, got {actual.Length} {Format(actual)}.");
        for (int d = firstDim; d < actual.Length; d++)
        {
            Dim dim = declared.DimAt(d);
            if (dim.IsFixed && dim.Size != actual[d])
                throw new OnnxInputException(declared.Name, declared.ShapeText, Format(actual),
                    $"Input '{declared.Name}' has the wrong shape: the model expects {declared.ShapeText}, got {Format(actual)} (dimension {d} must be {dim.Size}).");
        }
    }

    /// <summary>Throws when a caller-given output shape contradicts the declared one.</summary>
    public static void CheckGivenOutput(TensorSignature declared, long[] given)
    {
        bool rankOk = !declared.RankKnown || given.Length == declared.Rank;
        bool dimsOk = rankOk && (!declared.RankKnown || Enumerable.Range(0, given.Length).All(d => !declared.DimAt(d).IsFixed || declared.DimAt(d).Size == given[d]));
        if (!dimsOk || given.Any(s => s < 0))
            throw new System.ArgumentException(
                $"The shape given for output '{declared.Name}' is {Format(given)}, but the model declares {declared.ShapeText}.", "outputShapes");
    }
}
