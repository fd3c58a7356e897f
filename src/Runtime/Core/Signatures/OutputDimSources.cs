using System;
using System.Collections.Generic;

namespace OnnxTyped;

/// <summary>
/// Where each output dimension's size comes from before the run: fixed by the model, or taken
/// from an input dimension with the same symbolic name (ONNX gives one <c>dim_param</c> name one
/// size across a graph, so an output <c>[batch, 1]</c> can be allocated from input <c>[batch, 512]</c>).
/// Computed once per signature.
/// </summary>
internal sealed class OutputDimSources
{
    // Per output, per dim: (input index, input dim) for a derivable symbolic dim, (-1, -1) otherwise.
    private readonly (int Input, int Dim)[][] _sources;

    private OutputDimSources((int Input, int Dim)[][] sources) => _sources = sources;

    public static OutputDimSources Find(IReadOnlyList<TensorSignature> inputs, IReadOnlyList<TensorSignature> outputs)
    {
        var byName = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (int i = 0; i < inputs.Count; i++)
        {
            if (!inputs[i].IsTensor || !inputs[i].RankKnown) continue;
            for (int d = 0; d < inputs[i].Rank; d++)
            {
                Dim dim = inputs[i].DimAt(d);
                if (!dim.IsFixed && !string.IsNullOrEmpty(dim.Name) && !byName.ContainsKey(dim.Name!)) byName[dim.Name!] = (i, d);
            }
        }

        var sources = new (int, int)[outputs.Count][];
        for (int o = 0; o < outputs.Count; o++)
        {
            TensorSignature output = outputs[o];
            sources[o] = new (int, int)[output.Rank];
            for (int d = 0; d < output.Rank; d++)
            {
                Dim dim = output.DimAt(d);
                sources[o][d] = !dim.IsFixed && !string.IsNullOrEmpty(dim.Name) && byName.TryGetValue(dim.Name!, out (int, int) source)
                    ? source
                    : (-1, -1);
            }
        }
        return new OutputDimSources(sources);
    }

    /// <summary>
    /// The shape to pre-allocate output <paramref name="output"/> with, given the actual input shapes,
    /// or <see langword="null"/> when some dimension is only known after the run.
    /// </summary>
    public long[]? Resolve(TensorSignature output, int outputIndex, IReadOnlyList<long[]> inputShapes)
    {
        if (!IsDerivable(output, outputIndex)) return null;
        var shape = new long[output.Rank];
        ResolveInto(output, outputIndex, inputShapes, shape);
        return shape;
    }

    /// <summary>True when every dimension of the output is fixed or taken from an input dimension.</summary>
    public bool IsDerivable(TensorSignature output, int outputIndex)
    {
        if (!output.IsTensor || !output.RankKnown) return false;
        for (int d = 0; d < output.Rank; d++)
            if (!output.DimAt(d).IsFixed && _sources[outputIndex][d].Input < 0) return false;
        return true;
    }

    /// <summary>Writes the shape of a derivable output (see <see cref="IsDerivable"/>) into <paramref name="shape"/>, one entry per dimension.</summary>
    public void ResolveInto(TensorSignature output, int outputIndex, IReadOnlyList<long[]> inputShapes, long[] shape)
    {
        for (int d = 0; d < shape.Length; d++)
        {
            Dim dim = output.DimAt(d);
            (int input, int inputDim) = _sources[outputIndex][d];
            shape[d] = dim.IsFixed ? dim.Size : inputShapes[input][inputDim];
        }
    }
}
