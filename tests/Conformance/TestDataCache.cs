using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped.Conformance;

/// <summary>The decoded <c>.pb</c> files of one test, read once and shared by every column.</summary>
internal sealed class TestDataCache
{
    private readonly Dictionary<(string, OnnxValueType), (object? Value, string? Error)> _files = new();

    /// <summary>The tensor in <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read as a tensor; the message says why.</exception>
    public TensorData Read(string path) => (TensorData)ReadValue(path, OnnxValueType.ONNX_TYPE_TENSOR);

    /// <summary>The value in <paramref name="path"/>, read as <paramref name="kind"/>: a <see cref="TensorData"/>, <see cref="SequenceData"/> or <see cref="OptionalData"/>.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read; the message says why.</exception>
    public object ReadValue(string path, OnnxValueType kind)
    {
        (object? Value, string? Error) entry;
        // Locked: a timed-out column may still be reading on its abandoned thread.
        lock (_files)
        {
            if (!_files.TryGetValue((path, kind), out entry))
            {
                try
                {
                    entry = (ValueProtoDecoder.Read(path, kind), null);
                }
                catch (Exception e)
                {
                    entry = (null, $"{Path.GetFileName(path)} cannot be read: {e.Message}");
                }
                _files[(path, kind)] = entry;
            }
        }
        return entry.Value ?? throw new InvalidDataException(entry.Error);
    }
}
