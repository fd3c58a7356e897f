using System;
using System.Threading;

namespace OnnxTyped;

/// <summary>
/// A dense, row-major tensor of strings: the typed front-end's string inputs and outputs. ONNX Runtime keeps strings in
/// its own memory, so a string tensor is never bound by address: each call copies an input's strings into a value ONNX
/// Runtime owns, and an output's into a new array this tensor holds.
/// </summary>
/// <remarks>
/// Ownership: over the caller's strings (<see cref="FromArray"/>, <see cref="FromMemory"/>) the tensor copies nothing and
/// owns nothing; an output of a run owns its array. Either way there is no native memory: <see cref="Dispose"/> only
/// stops the tensor's use, so that an output disposed with its <c>Outputs</c> object is not read by mistake.
/// </remarks>
public sealed class OnnxStringTensor : IDisposable
{
    private readonly ReadOnlyMemory<string> _values;
    private readonly long[] _shape;
    private int _disposed;

    private OnnxStringTensor(ReadOnlyMemory<string> values, long[] shape)
    {
        _values = values;
        _shape = shape;
    }

    /// <summary>A tensor over <paramref name="data"/> with <paramref name="shape"/> (no copy). The array must hold exactly as many strings as the shape.</summary>
    /// <exception cref="ArgumentException">The count differs from the shape's, a dimension is negative, or a string is null.</exception>
    public static OnnxStringTensor FromArray(string[] data, params long[] shape) =>
        FromMemory(data ?? throw new ArgumentNullException(nameof(data)), shape);

    /// <summary>A tensor over <paramref name="data"/> with <paramref name="shape"/> (no copy). Its length must be the shape's element count.</summary>
    /// <exception cref="ArgumentException">The count differs from the shape's, a dimension is negative, or a string is null.</exception>
    public static OnnxStringTensor FromMemory(ReadOnlyMemory<string> data, params long[] shape)
    {
        long[] dims = (long[])(shape ?? throw new ArgumentNullException(nameof(shape))).Clone();
        long count = OnnxTensor.ElementCountOf(dims);
        if (count != data.Length)
            throw new ArgumentException($"The shape {ShapeText.Of(dims)} holds {count} string(s), but the memory holds {data.Length}.", nameof(data));
        ReadOnlySpan<string> values = data.Span;
        for (int i = 0; i < values.Length; i++)
            if (values[i] is null) throw new ArgumentException($"String {i} is null: ONNX string tensors hold strings (use \"\" for an empty one).", nameof(data));
        return new OnnxStringTensor(data, dims);
    }

    /// <summary>An output of a run: owns <paramref name="values"/>.</summary>
    internal static OnnxStringTensor Owning(string[] values, long[] shape) => new(values, shape);

    /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of strings: the product of the dimensions (1 for a scalar).</summary>
    public long ElementCount => _values.Length;

    /// <summary>The strings, in row-major order.</summary>
    /// <exception cref="ObjectDisposedException">The tensor was disposed.</exception>
    public ReadOnlySpan<string> Span => IsDisposed ? throw new ObjectDisposedException(ToString()) : _values.Span;

    /// <summary>A copy of the strings, in row-major order.</summary>
    public string[] ToArray() => Span.ToArray();

    /// <summary>Whether <see cref="Dispose"/> was called.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>For an output of a run, the name of the output it holds, for messages; else <see langword="null"/>.</summary>
    internal string? OutputName { get; set; }

    internal long[] ShapeArray => _shape;

    /// <summary>The element type and shape, as messages print them: <c>string [2, 3]</c>.</summary>
    public override string ToString()
    {
        string text = "string " + ShapeText.Of(_shape);
        return OutputName is null ? text : "output '" + OutputName + "' (" + text + ")";
    }

    /// <summary>Stops the tensor's use (there is no native memory to free).</summary>
    public void Dispose() => Interlocked.Exchange(ref _disposed, 1);
}
