using System;
using System.Collections.Generic;
using System.Linq;
using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Parser;

/// <summary>
/// Checks at build time what the item says about micro-batching (<c>BatchDim</c>, <c>MicroBatching="true"</c>) against
/// the model's batch axes, with the runtime's rule (<c>OnnxTyped.BatchAxes</c>, which the generator cannot reference): a
/// batch axis is a symbolic dimension with a name that at least one input declares, every output declares exactly once,
/// and no input declares twice. Silero VAD has one, <c>batch</c>; its <c>sequence</c> is only in an input.
/// </summary>
internal static class BatchAxisCheck
{
    /// <summary>The dimension names that can be the batch axis, in the order the inputs first declare them.</summary>
    public static List<string> Candidates(IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        var names = new List<string>();
        foreach (TensorSpec input in inputs)
            foreach (DimSpec dim in input.Dims)
                if (IsNamedSymbolic(dim) && !names.Contains(dim.Name, StringComparer.Ordinal)) names.Add(dim.Name);
        names.RemoveAll(name =>
            outputs.Count == 0 ||
            outputs.Any(output => Count(output, name) != 1) ||
            inputs.Any(input => Count(input, name) > 1));
        return names;
    }

    /// <summary>
    /// Why the item's micro-batching settings do not fit the model, as the end of OTG017's message, or
    /// <see langword="null"/> when they fit: a <paramref name="batchDim"/> that is not a candidate, or, when
    /// <paramref name="microBatching"/> asks for it without a <paramref name="batchDim"/>, no candidate or several.
    /// </summary>
    public static string? Problem(IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, string batchDim, bool microBatching)
    {
        if (batchDim.Length == 0 && !microBatching) return null;
        // Batches are joined from tensors of numbers bound by address, as the runtime refuses the rest.
        if (inputs.Concat(outputs).FirstOrDefault(value => !value.IsAddressable) is { } other)
            return $"{(inputs.Contains(other) ? "input" : "output")} '{other.OnnxName}' is {other.Description}, and batches are joined from tensors of numbers only";
        if (batchDim.Length > 0 && batchDim.All(c => c is >= '0' and <= '9')) return IndexProblem(inputs, outputs, batchDim);
        List<string> candidates = Candidates(inputs, outputs);
        string listed = candidates.Count == 0 ? "the model has none" : "candidates: " + string.Join(", ", candidates.Select(c => "'" + c + "'"));
        if (batchDim.Length > 0)
            return candidates.Contains(batchDim, StringComparer.Ordinal)
                ? null
                : $"its BatchDim '{batchDim}' is not a batch axis of the model ({listed})";
        return candidates.Count switch
        {
            1 => null,
            0 => "the model has no batch axis",
            _ => $"several dimensions could be the batch axis ({listed}); set the item's BatchDim to one",
        };
    }

    // A BatchDim of digits is a dimension index ("0"), for exporters that name each tensor's batch differently: that
    // dimension must be symbolic in every output and in at least one input (the runtime's BatchAxes.AtIndex).
    private static string? IndexProblem(IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, string batchDim)
    {
        if (!int.TryParse(batchDim, out int index)) return $"its BatchDim '{batchDim}' is not a dimension index the model has";
        bool Symbolic(TensorSpec tensor) => index < tensor.Dims.Count && !tensor.Dims[index].IsFixed;
        TensorSpec? fixedOutput = outputs.FirstOrDefault(output => !Symbolic(output));
        if (fixedOutput is not null) return $"its BatchDim '{batchDim}' is not a batch axis of the model: output '{fixedOutput.OnnxName}' has no symbolic dimension {index}";
        if (outputs.Count == 0 || !inputs.Any(Symbolic)) return $"its BatchDim '{batchDim}' is not a batch axis of the model: no input has a symbolic dimension {index}";
        return null;
    }

    private static bool IsNamedSymbolic(DimSpec dim) => !dim.IsFixed && dim.Name.Length > 0;

    private static int Count(TensorSpec tensor, string name) => tensor.Dims.Count(dim => IsNamedSymbolic(dim) && dim.Name == name);
}
