using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// Maps between .NET dictionaries and ONNX Runtime map values: int64 or string keys to int64, float, double or string
/// values (the maps ONNX Runtime has types for), as <see cref="IReadOnlyDictionary{TKey, TValue}"/> both ways.
/// </summary>
internal static class MapValues
{
    /// <summary>A new map value (owned by the caller, in the ledger) holding a copy of <paramref name="value"/>'s entries.</summary>
    /// <exception cref="OnnxInputException"><paramref name="value"/> is not a dictionary of the declared key and value types.</exception>
    public static OrtValue Create(TensorSignature declared, object value, string where) => (declared.MapKeyType, declared.ElementType, value) switch
    {
        (TensorElementType.Int64, TensorElementType.Float, IReadOnlyDictionary<long, float> map) => Create(map),
        (TensorElementType.Int64, TensorElementType.Double, IReadOnlyDictionary<long, double> map) => Create(map),
        (TensorElementType.Int64, TensorElementType.Int64, IReadOnlyDictionary<long, long> map) => Create(map),
        (TensorElementType.Int64, TensorElementType.String, IReadOnlyDictionary<long, string> map) => Create(map),
        (TensorElementType.String, TensorElementType.Float, IReadOnlyDictionary<string, float> map) => Create(map),
        (TensorElementType.String, TensorElementType.Double, IReadOnlyDictionary<string, double> map) => Create(map),
        (TensorElementType.String, TensorElementType.Int64, IReadOnlyDictionary<string, long> map) => Create(map),
        (TensorElementType.String, TensorElementType.String, IReadOnlyDictionary<string, string> map) => Create(map),
        _ => throw ValueInputs.Mismatch(declared, value, $"IReadOnlyDictionary<{DotnetName(declared.MapKeyType)}, {DotnetName(declared.ElementType)}>", where),
    };

    /// <summary>The entries of <paramref name="map"/> (not released here) as a new read-only dictionary.</summary>
    public static object Read(TensorSignature declared, OrtValue map) => (declared.MapKeyType, declared.ElementType) switch
    {
        (TensorElementType.Int64, TensorElementType.Float) => Read<long, float>(map),
        (TensorElementType.Int64, TensorElementType.Double) => Read<long, double>(map),
        (TensorElementType.Int64, TensorElementType.Int64) => Read<long, long>(map),
        (TensorElementType.Int64, TensorElementType.String) => Read<long, string>(map),
        (TensorElementType.String, TensorElementType.Float) => Read<string, float>(map),
        (TensorElementType.String, TensorElementType.Double) => Read<string, double>(map),
        (TensorElementType.String, TensorElementType.Int64) => Read<string, long>(map),
        (TensorElementType.String, TensorElementType.String) => Read<string, string>(map),
        _ => throw new NotSupportedException($"A map from {ElementTypes.OnnxName(declared.MapKeyType)} to {ElementTypes.OnnxName(declared.ElementType)} has no .NET dictionary type here."),
    };

    /// <summary>The C# name of a key or value type, for messages.</summary>
    public static string DotnetName(TensorElementType type) => type == TensorElementType.String ? "string" : DotnetElementTypes.DotnetName(type) ?? ElementTypes.OnnxName(type);

    private static OrtValue Create<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> map) where TKey : notnull
    {
        var keys = new TKey[map.Count];
        var values = new TValue[map.Count];
        int next = 0;
        foreach (KeyValuePair<TKey, TValue> entry in map)
        {
            if (next == keys.Length) throw new InvalidOperationException("The dictionary changed while it was read.");
            keys[next] = entry.Key;
            values[next++] = entry.Value;
        }
        OrtValue? keyTensor = null, valueTensor = null;
        try
        {
            keyTensor = Tensor(keys);
            valueTensor = Tensor(values);
            OrtValue keysTaken = keyTensor, valuesTaken = valueTensor;
            OrtValue result = OrtValue.CreateMap(ref keyTensor, ref valueTensor);
            // ONNX Runtime holds both now: released with the map.
            NativeLedger.Consumed(keysTaken);
            NativeLedger.Consumed(valuesTaken);
            keyTensor = valueTensor = null;
            return NativeLedger.Owned(result);
        }
        finally
        {
            if (keyTensor is not null) NativeLedger.Release(keyTensor);
            if (valueTensor is not null) NativeLedger.Release(valueTensor);
        }
    }

    // A one-dimensional tensor of the entries' keys or values (numbers over the array, strings copied into ONNX Runtime).
    private static OrtValue Tensor<T>(T[] items)
    {
        long[] shape = { items.Length };
        if (items is string[] strings)
        {
            for (int i = 0; i < strings.Length; i++)
                if (strings[i] is null) throw new ArgumentException($"Map value {i} is null: ONNX maps hold strings (use \"\" for an empty one).");
            return ValueInputs.StringTensor(strings, shape);
        }
        return NativeLedger.Owned(items switch
        {
            long[] longs => OrtValue.CreateTensorValueFromMemory(longs, shape),
            float[] floats => OrtValue.CreateTensorValueFromMemory(floats, shape),
            double[] doubles => OrtValue.CreateTensorValueFromMemory(doubles, shape),
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a map key or value type."),
        });
    }

    private static IReadOnlyDictionary<TKey, TValue> Read<TKey, TValue>(OrtValue map) where TKey : notnull
    {
        TKey[] keys = Items<TKey>(map, 0);
        TValue[] values = Items<TValue>(map, 1);
        var entries = new Dictionary<TKey, TValue>(keys.Length);
        for (int i = 0; i < keys.Length; i++) entries[keys[i]] = values[i];
        return new ReadOnlyDictionary<TKey, TValue>(entries);
    }

    // Index 0 of a map value is its keys, index 1 its values, each a one-dimensional tensor ONNX Runtime copies out.
    private static T[] Items<T>(OrtValue map, int index)
    {
        using OrtValue tensor = map.GetValue(index, OrtAllocator.DefaultInstance);
        if (typeof(T) == typeof(string)) return (T[])(object)tensor.GetStringTensorAsArray();
        if (typeof(T) == typeof(long)) return (T[])(object)tensor.GetTensorDataAsSpan<long>().ToArray();
        if (typeof(T) == typeof(float)) return (T[])(object)tensor.GetTensorDataAsSpan<float>().ToArray();
        return (T[])(object)tensor.GetTensorDataAsSpan<double>().ToArray();
    }
}
