using System;
using System.Collections.Generic;
using System.Globalization;

namespace OnnxTyped;

/// <summary>
/// The input facts every front-end checks the same way, each in one place with one message, before anything is
/// bound or split into batches: how many inputs, their ranks, their fixed dimensions, that dimensions sharing a
/// symbolic name share a size, and that no dimension is empty. (Null inputs, element types and devices are a front-end's own facts.)
/// </summary>
internal static class InputChecks
{
    /// <summary>Throws unless exactly one input per model input was given.</summary>
    public static void CheckCount(ModelSignature signature, int given)
    {
        if (given != signature.Inputs.Count)
            throw new ArgumentException(
                $"The model takes {signature.Inputs.Count} input(s) ({string.Join(", ", signature.InputNames)}), {given} were given.", "inputs");
    }

    /// <summary>
    /// Throws <see cref="OnnxInputException"/> naming the first input whose rank or fixed dimension differs from the
    /// declaration, or whose symbolic dimension disagrees with an earlier one of the same name. With
    /// <paramref name="batchSplits"/>, dimension 0 is left to the batch checks: the batch is about to be split and padded.
    /// </summary>
    /// <param name="signature">What the model declares.</param>
    /// <param name="shapes">Each input's shape, in model order.</param>
    /// <param name="batchSplits">Whether dimension 0 is about to be split into batches (then checked per run instead).</param>
    /// <param name="allowEmpty">Whether empty dimensions the model does not fix at 0 are let through (a caller that knows its model handles them).</param>
    public static void CheckShapes(ModelSignature signature, IReadOnlyList<long[]> shapes, bool batchSplits, bool allowEmpty = false)
    {
        int firstDim = batchSplits ? 1 : 0;
        for (int i = 0; i < shapes.Count; i++) CheckDeclaredDims(signature.Inputs[i], shapes[i], firstDim, signature.StaticBatchSize);
        CheckSharedSymbolicDims(signature, shapes, firstDim);
        if (!allowEmpty)
            for (int i = 0; i < shapes.Count; i++) CheckNotEmpty(signature.Inputs[i], shapes[i], firstDim);
    }

    /// <summary>
    /// Checks what one run of a split batch changes, after <see cref="CheckShapes"/> checked the whole batch without
    /// dimension 0: every input has <paramref name="rows"/> rows in this run, which must fit each fixed dimension 0, every
    /// dimension named like a dimension 0, and the empty-input rule. Throws the message <see cref="CheckShapes"/> gives for
    /// the run's shapes.
    /// </summary>
    /// <param name="signature">What the model declares.</param>
    /// <param name="shapes">Each input's shape for the whole batch (dimension 0 is replaced by <paramref name="rows"/>).</param>
    /// <param name="rows">The run's size along dimension 0, padding included.</param>
    /// <param name="allowEmpty">As for <see cref="CheckShapes"/>.</param>
    public static void CheckRows(ModelSignature signature, IReadOnlyList<long[]> shapes, long rows, bool allowEmpty)
    {
        if (RowsFit(signature, shapes, rows, allowEmpty)) return;
        var run = new long[shapes.Count][];
        for (int i = 0; i < run.Length; i++)
        {
            run[i] = (long[])shapes[i].Clone();
            run[i][0] = rows;
        }
        CheckShapes(signature, run, batchSplits: false, allowEmpty);
    }

    private static bool RowsFit(ModelSignature signature, IReadOnlyList<long[]> shapes, long rows, bool allowEmpty)
    {
        for (int i = 0; i < shapes.Count; i++)
        {
            TensorSignature declared = signature.Inputs[i];
            bool fixedFirst = declared.RankKnown && declared.Rank > 0 && declared.DimAt(0).IsFixed;
            if (fixedFirst && declared.DimAt(0).Size != rows) return false;
            if (rows == 0 && !allowEmpty && !fixedFirst) return false;
        }
        SharedInputDims shared = signature.SharedInputDims;
        for (int g = 0; g < shared.Groups.Count; g++)
        {
            (int Input, int Dim)[] places = shared.Groups[g];
            if (Array.FindIndex(places, p => p.Dim == 0) < 0) continue;
            foreach ((int input, int dim) in places)
                if ((dim == 0 ? rows : shapes[input][dim]) != rows) return false;
        }
        return true;
    }

    private static void CheckDeclaredDims(TensorSignature declared, long[] actual, int firstDim, long? fixedBatch)
    {
        if (!declared.IsTensor || !declared.RankKnown) return;
        if (actual.Length != declared.Rank)
            throw new OnnxInputException(declared.Name, declared.ShapeText, ShapeText.Of(actual),
                $"Input '{declared.Name}' has the wrong rank: the model expects {declared.Rank} dimension(s) {declared.ShapeText}, got {actual.Length} {ShapeText.Of(actual)}.");
        for (int d = firstDim; d < actual.Length; d++)
        {
            Dim dim = declared.DimAt(d);
            if (dim.IsFixed && dim.Size != actual[d])
                throw new OnnxInputException(declared.Name, declared.ShapeText, ShapeText.Of(actual),
                    $"Input '{declared.Name}' has the wrong shape: the model expects {declared.ShapeText}, got {ShapeText.Of(actual)} (dimension {d} must be {dim.Size})." +
                    (d == 0 && fixedBatch is not null
                        ? $" The model fixes its batch at {fixedBatch}: to run other batch sizes split into runs of {fixedBatch}, set SplitsFixedBatch " +
                          "(per instance, or SplitsFixedBatch=\"true\" on the OnnxModel item) when dimension 0 really is a batch."
                        : ""));
        }
    }

    // ONNX Runtime cannot take an empty tensor through every model: Silero with a batch of 0 aborts the process
    // ("terminate called without an active exception"), in plain ONNX Runtime too. A dimension the model fixes at 0
    // is meant to be empty (an empty axes list); any other empty dimension is refused here, before anything runs.
    private static void CheckNotEmpty(TensorSignature declared, long[] actual, int firstDim)
    {
        for (int d = firstDim; d < actual.Length; d++)
        {
            if (actual[d] != 0 || (declared.RankKnown && d < declared.Rank && declared.DimAt(d).IsFixed)) continue;
            throw new OnnxInputException(declared.Name, "no empty dimension", ShapeText.Of(actual),
                $"Input '{declared.Name}' has a dimension of size 0 (dimension {d} of {ShapeText.Of(actual)}, declared {declared.ShapeText}): " +
                "empty tensors are refused where the model does not fix a dimension at 0, since some models abort the whole process on them " +
                "inside ONNX Runtime. Skip the call when there is nothing to run, or set AllowsEmptyInputs on a model known to handle them.");
        }
    }

    // ONNX gives one dim_param one size across a graph; ONNX Runtime does not check it at the inputs and fails deep in
    // the graph instead (or the outputs pre-allocated from that name get the wrong size).
    private static void CheckSharedSymbolicDims(ModelSignature signature, IReadOnlyList<long[]> shapes, int firstDim)
    {
        SharedInputDims shared = signature.SharedInputDims;
        for (int g = 0; g < shared.Groups.Count; g++)
        {
            (int Input, int Dim)[] places = shared.Groups[g];
            int first = -1;
            for (int p = 0; p < places.Length; p++)
            {
                (int input, int dim) = places[p];
                if (dim < firstDim) continue;
                if (first < 0)
                {
                    first = p;
                    continue;
                }
                (int firstInput, int firstDimIndex) = places[first];
                long expected = shapes[firstInput][firstDimIndex], actual = shapes[input][dim];
                if (expected != actual) ThrowSharedDimMismatch(signature, shared.Names[g], places[first], places[p], shapes);
            }
        }
    }

    private static void ThrowSharedDimMismatch(ModelSignature signature, string name, (int Input, int Dim) first, (int Input, int Dim) other, IReadOnlyList<long[]> shapes)
    {
        string inputName = signature.Inputs[other.Input].Name, firstName = signature.Inputs[first.Input].Name;
        long expected = shapes[first.Input][first.Dim], actual = shapes[other.Input][other.Dim];
        throw new OnnxInputException(inputName, $"{name} = {expected.ToString(CultureInfo.InvariantCulture)}", actual.ToString(CultureInfo.InvariantCulture),
            $"Input '{inputName}' has {name} = {actual} (dimension {other.Dim} of {ShapeText.Of(shapes[other.Input])}), but input '{firstName}' has " +
            $"{name} = {expected} (dimension {first.Dim} of {ShapeText.Of(shapes[first.Input])}): dimensions the model names alike must have one size.");
    }
}
