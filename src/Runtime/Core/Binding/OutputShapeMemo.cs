using System;

namespace OnnxTyped;

/// <summary>
/// Remembers, per output whose shape neither the model nor the inputs give, the shape ONNX Runtime produced for a set of
/// input shapes, so the next call with the same input shapes pre-allocates it and binds it by address instead of letting
/// ONNX Runtime allocate (and, on CUDA, copying it). An output that then comes out with another shape (its shape depends
/// on the values, like NonZero's) is marked and left to ONNX Runtime from then on. It also knows which outputs of the
/// current call it guessed (<see cref="BeginCall"/>, <see cref="GuessedThisCall"/>), so a runner can undo a wrong guess.
/// </summary>
internal sealed class OutputShapeMemo
{
    private readonly long[][]?[] _inputShapes;
    private readonly long[]?[] _shapes;
    private readonly bool[] _dependsOnValues;
    private readonly bool[] _guessed;

    public OutputShapeMemo(int outputCount)
    {
        _inputShapes = new long[][]?[outputCount];
        _shapes = new long[]?[outputCount];
        _dependsOnValues = new bool[outputCount];
        _guessed = new bool[outputCount];
    }

    /// <summary>Starts a call (a run attempt): no output is guessed yet.</summary>
    public void BeginCall() => Array.Clear(_guessed);

    /// <summary>Whether <see cref="Recall"/> gave a shape for some output since <see cref="BeginCall"/>.</summary>
    public bool GuessedThisCall => Array.IndexOf(_guessed, true) >= 0;

    /// <summary>
    /// The shape output <paramref name="output"/> had for these input shapes, or <see langword="null"/>; a shape given
    /// counts as a guess of this call.
    /// </summary>
    public long[]? Recall(int output, long[][] inputShapes)
    {
        long[]? shape = !_dependsOnValues[output] && _inputShapes[output] is { } learned && SameShapes(learned, inputShapes) ? _shapes[output] : null;
        _guessed[output] = shape is not null;
        return shape;
    }

    /// <summary>
    /// The call's guesses were wrong (the run failed with an output pre-allocated from memory): every output guessed this
    /// call is shaped by the values, and left to ONNX Runtime from now on.
    /// </summary>
    public void GuessesFollowValues()
    {
        for (int o = 0; o < _guessed.Length; o++)
            if (_guessed[o]) DependsOnValues(o);
    }

    /// <summary>Records the shape output <paramref name="output"/> came out with for these input shapes.</summary>
    /// <remarks>Allocates only when something new is learned: a steady call with known shapes allocates nothing.</remarks>
    public void Learn(int output, long[][] inputShapes, ReadOnlySpan<long> produced)
    {
        if (_dependsOnValues[output]) return;
        if (_inputShapes[output] is { } learned && SameShapes(learned, inputShapes) && _shapes[output] is { } known && produced.SequenceEqual(known)) return;
        var copy = new long[inputShapes.Length][];
        for (int i = 0; i < copy.Length; i++) copy[i] = (long[])inputShapes[i].Clone();
        _inputShapes[output] = copy;
        _shapes[output] = produced.ToArray();
    }

    /// <summary>Marks output <paramref name="output"/> as shaped by the values: never pre-allocated from memory again.</summary>
    public void DependsOnValues(int output)
    {
        _dependsOnValues[output] = true;
        _inputShapes[output] = null;
        _shapes[output] = null;
    }

    private static bool SameShapes(long[][] a, long[][] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!a[i].AsSpan().SequenceEqual(b[i])) return false;
        return true;
    }
}
