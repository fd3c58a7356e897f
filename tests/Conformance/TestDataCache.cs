using System;
using System.Collections.Generic;
using System.IO;

namespace OnnxTyped.Conformance;

/// <summary>The decoded <c>.pb</c> files of one test, read once and shared by both columns.</summary>
internal sealed class TestDataCache
{
    private readonly Dictionary<string, (TensorData? Data, string? Error)> _files = new(StringComparer.Ordinal);

    /// <summary>The tensor in <paramref name="path"/>, or why it cannot be read as a tensor.</summary>
    public TensorData Read(string path)
    {
        (TensorData? Data, string? Error) entry;
        // Locked: a timed-out column may still be reading on its abandoned thread.
        lock (_files) entry = ReadLocked(path);
        return entry.Data ?? throw new InvalidDataException(entry.Error);
    }

    private (TensorData? Data, string? Error) ReadLocked(string path)
    {
        if (!_files.TryGetValue(path, out (TensorData? Data, string? Error) entry))
        {
            try
            {
                entry = (TensorProtoDecoder.Read(path), null);
            }
            catch (Exception e)
            {
                entry = (null, $"{Path.GetFileName(path)} cannot be read as a TensorProto: {e.Message}");
            }
            _files[path] = entry;
        }
        return entry;
    }
}
