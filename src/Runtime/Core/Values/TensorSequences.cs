using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// The typed collections a value call returns, made from its elements without reflection (so it stays trimmable): an
/// <see cref="OnnxSequence{TTensor}"/> of the declared element type's tensor type, and a list of read-only dictionaries.
/// </summary>
internal static class TensorSequences
{
    /// <summary>A sequence owning <paramref name="items"/> (tensors of <paramref name="elementType"/>), typed for it.</summary>
    public static object Of(TensorElementType elementType, object[] items) => elementType switch
    {
        TensorElementType.String => Typed<OnnxStringTensor>(items),
        TensorElementType.Float => Typed<OnnxTensor<float>>(items),
        TensorElementType.Double => Typed<OnnxTensor<double>>(items),
        TensorElementType.Float16 => Typed<OnnxTensor<Half>>(items),
        TensorElementType.BFloat16 => Typed<OnnxTensor<BFloat16>>(items),
        TensorElementType.Int8 => Typed<OnnxTensor<sbyte>>(items),
        TensorElementType.UInt8 => Typed<OnnxTensor<byte>>(items),
        TensorElementType.Int16 => Typed<OnnxTensor<short>>(items),
        TensorElementType.UInt16 => Typed<OnnxTensor<ushort>>(items),
        TensorElementType.Int32 => Typed<OnnxTensor<int>>(items),
        TensorElementType.UInt32 => Typed<OnnxTensor<uint>>(items),
        TensorElementType.Int64 => Typed<OnnxTensor<long>>(items),
        TensorElementType.UInt64 => Typed<OnnxTensor<ulong>>(items),
        TensorElementType.Bool => Typed<OnnxTensor<bool>>(items),
        _ => throw new NotSupportedException($"A sequence of {ElementTypes.OnnxName(elementType)} tensors has no .NET type here."),
    };

    /// <summary>A read-only list of the maps (read-only dictionaries of the declared key and value types).</summary>
    public static object OfMaps(TensorSignature declared, object[] maps) => (declared.MapKeyType, declared.ElementType) switch
    {
        (TensorElementType.Int64, TensorElementType.Float) => Maps<long, float>(maps),
        (TensorElementType.Int64, TensorElementType.Double) => Maps<long, double>(maps),
        (TensorElementType.Int64, TensorElementType.Int64) => Maps<long, long>(maps),
        (TensorElementType.Int64, TensorElementType.String) => Maps<long, string>(maps),
        (TensorElementType.String, TensorElementType.Float) => Maps<string, float>(maps),
        (TensorElementType.String, TensorElementType.Double) => Maps<string, double>(maps),
        (TensorElementType.String, TensorElementType.Int64) => Maps<string, long>(maps),
        _ => Maps<string, string>(maps),
    };

    private static OnnxSequence<TTensor> Typed<TTensor>(object[] items) where TTensor : class, IDisposable =>
        new(Array.ConvertAll(items, item => (TTensor)item));

    private static IReadOnlyList<IReadOnlyDictionary<TKey, TValue>> Maps<TKey, TValue>(object[] maps) =>
        Array.AsReadOnly(Array.ConvertAll(maps, map => (IReadOnlyDictionary<TKey, TValue>)map));
}
