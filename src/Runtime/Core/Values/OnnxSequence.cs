using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;

namespace OnnxTyped;

/// <summary>
/// A sequence output of a run: its tensors in order (<see cref="OnnxTensor{T}"/>s over memory ONNX Runtime allocated, or
/// <see cref="OnnxStringTensor"/>s). It owns them: disposing it disposes every tensor it holds.
/// </summary>
/// <typeparam name="TTensor">The tensor type of the elements.</typeparam>
public sealed class OnnxSequence<TTensor> : IReadOnlyList<TTensor>, IDisposable where TTensor : class, IDisposable
{
    private readonly TTensor[] _items;
    private int _disposed;

    internal OnnxSequence(TTensor[] items) => _items = items;

    /// <summary>The number of tensors.</summary>
    public int Count => _items.Length;

    /// <summary>The tensor at <paramref name="index"/>, owned by this sequence.</summary>
    /// <exception cref="ObjectDisposedException">The sequence was disposed, and its tensors with it.</exception>
    public TTensor this[int index] =>
        Volatile.Read(ref _disposed) != 0 ? throw new ObjectDisposedException(nameof(OnnxSequence<TTensor>)) : _items[index];

    /// <summary>The tensors in order.</summary>
    public IEnumerator<TTensor> GetEnumerator()
    {
        for (int i = 0; i < _items.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Disposes every tensor of the sequence.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (TTensor item in _items) item.Dispose();
    }
}
