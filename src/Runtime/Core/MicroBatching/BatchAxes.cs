using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OnnxTyped;

/// <summary>
/// Where the batch axis of each input and output is, read from the signature: the symbolic dimension every output and at
/// least one input declare, each at most once (Silero VAD: <c>batch</c>, dimension 0 of <c>input</c> and <c>output</c>,
/// dimension 1 of <c>state</c> and <c>stateN</c>). Inputs without it (Silero's <c>sr</c>) are not batched: they must be
/// equal across a batch.
/// </summary>
internal sealed class BatchAxes
{
    private BatchAxes(string dimName, int[] inputs, int[] outputs)
    {
        DimName = dimName;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The symbolic dimension that is the batch axis.</summary>
    public string DimName { get; }

    /// <summary>Per input: the index of its batch axis, or -1 when the input is not batched.</summary>
    public int[] Inputs { get; }

    /// <summary>Per output: the index of its batch axis.</summary>
    public int[] Outputs { get; }

    /// <summary>Whether every input and output is batched along dimension 0, as the batch size limits split.</summary>
    public bool AllAlongFirstDim => Array.TrueForAll(Inputs, axis => axis == 0) && Array.TrueForAll(Outputs, axis => axis == 0);

    /// <summary>
    /// The batch axes of <paramref name="signature"/>, along the dimension named <paramref name="dimName"/> or, when
    /// <see langword="null"/>, the only candidate.
    /// </summary>
    /// <exception cref="ArgumentException">No candidate, several and none named, or the named one is not a candidate: the message says which dimensions are.</exception>
    public static BatchAxes Find(ModelSignature signature, string? dimName, string modelName)
    {
        if (dimName is not null && int.TryParse(dimName, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            return AtIndex(signature, index, modelName);
        IReadOnlyList<string> candidates = Candidates(signature);
        if (dimName is not null)
        {
            if (!candidates.Contains(dimName, StringComparer.Ordinal))
                throw new ArgumentException(
                    $"{modelName}: BatchDim '{dimName}' is not a batch axis of the model: a batch axis is a symbolic dimension every output and at least one input declare, once each. " +
                    (candidates.Count == 0 ? "The model has none." : "Candidates: " + string.Join(", ", candidates) + ".") + Declared(signature),
                    nameof(MicroBatchOptions.BatchDim));
        }
        else if (candidates.Count == 1) dimName = candidates[0];
        else if (candidates.Count == 0)
            throw new ArgumentException(
                $"{modelName} cannot be micro-batched: no symbolic dimension is declared by every output and by an input, so requests cannot be joined along a batch axis (when each tensor names its batch differently, give BatchDim as a dimension index such as \"0\")." +
                Declared(signature), nameof(MicroBatchOptions));
        else
            throw new ArgumentException(
                $"{modelName}: several symbolic dimensions could be the batch axis ({string.Join(", ", candidates)}): name one with MicroBatchOptions.BatchDim (or the item's BatchDim metadata), or give a dimension index such as \"0\"." +
                Declared(signature), nameof(MicroBatchOptions.BatchDim));

        return new BatchAxes(dimName,
            signature.Inputs.Select(input => AxisOf(input, dimName)).ToArray(),
            signature.Outputs.Select(output => AxisOf(output, dimName)).ToArray());
    }

    // BatchDim "0", "1"...: that dimension of every tensor, for exporters that give each tensor's batch its own name
    // (PaddlePaddle's p2o.DynamicDimension.N). Every output must leave it symbolic; inputs that fix it or lack it are unbatched.
    private static BatchAxes AtIndex(ModelSignature signature, int index, string modelName)
    {
        static bool Symbolic(TensorSignature tensor, int index) => index < tensor.Rank && !tensor.Dims[index].IsFixed;
        foreach (TensorSignature output in signature.Outputs)
            if (!Symbolic(output, index))
                throw new ArgumentException(
                    $"{modelName}: BatchDim '{index}' is not a batch axis of the model: output '{output.Name}' is {output.ShapeText}, without a symbolic dimension {index}." +
                    Declared(signature), nameof(MicroBatchOptions.BatchDim));
        if (signature.Outputs.Count == 0 || !signature.Inputs.Any(input => Symbolic(input, index)))
            throw new ArgumentException(
                $"{modelName}: BatchDim '{index}' is not a batch axis of the model: no input has a symbolic dimension {index}." + Declared(signature),
                nameof(MicroBatchOptions.BatchDim));
        return new BatchAxes(index.ToString(CultureInfo.InvariantCulture),
            signature.Inputs.Select(input => Symbolic(input, index) ? index : -1).ToArray(),
            signature.Outputs.Select(_ => index).ToArray());
    }

    /// <summary>The symbolic dimensions that can be the batch axis, in the order the inputs declare them.</summary>
    public static IReadOnlyList<string> Candidates(ModelSignature signature)
    {
        var names = new List<string>();
        foreach (TensorSignature input in signature.Inputs)
            foreach (Dim dim in input.Dims)
                if (!dim.IsFixed && !string.IsNullOrEmpty(dim.Name) && !names.Contains(dim.Name!, StringComparer.Ordinal)) names.Add(dim.Name!);
        names.RemoveAll(name =>
            signature.Outputs.Count == 0 ||
            signature.Outputs.Any(output => Count(output, name) != 1) ||
            signature.Inputs.Any(input => Count(input, name) > 1));
        return names;
    }

    private static int Count(TensorSignature tensor, string name) => tensor.Dims.Count(dim => !dim.IsFixed && dim.Name == name);

    private static int AxisOf(TensorSignature tensor, string name)
    {
        for (int d = 0; d < tensor.Rank; d++)
            if (!tensor.Dims[d].IsFixed && tensor.Dims[d].Name == name) return d;
        return -1;
    }

    private static string Declared(ModelSignature signature) =>
        " Inputs: " + string.Join("; ", signature.Inputs) + ". Outputs: " + string.Join("; ", signature.Outputs) + ".";
}
