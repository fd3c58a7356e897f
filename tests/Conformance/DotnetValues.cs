using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.Conformance;

/// <summary>
/// The torch-free column's values beyond numeric tensors: test data (<see cref="TensorData"/>, <see cref="SequenceData"/>,
/// <see cref="OptionalData"/>) made into what a generated <c>Run</c> takes for each kind (<see cref="OnnxStringTensor"/>,
/// lists of tensors, null for an empty optional), and its outputs (<see cref="OnnxSequence{TTensor}"/>, null...) compared
/// with the expected data.
/// </summary>
internal static class DotnetValues
{
    /// <summary>
    /// What a <c>Run</c> parameter of <paramref name="parameterType"/> takes for <paramref name="data"/> (tensors declared
    /// <paramref name="declared"/>); the tensors it made are added to <paramref name="made"/>, for the caller to dispose.
    /// </summary>
    public static object? ToParameter(object data, Type parameterType, TensorElementType declared, List<IDisposable> made)
    {
        switch (data)
        {
            case OptionalData { Value: null }:
                return null;
            case OptionalData { Value: { } inner }:
                return ToParameter(inner, parameterType, declared, made);
            case SequenceData sequence:
                Type element = ListElement(parameterType)
                    ?? throw new NotSupportedException($"the data is a sequence, but Run takes a {parameterType.Name} there");
                Array items = Array.CreateInstance(element, sequence.Elements.Count);
                for (int i = 0; i < items.Length; i++) items.SetValue(ToParameter(sequence.Elements[i], element, declared, made), i);
                return items;
            case TensorData tensor:
                IDisposable value = parameterType == typeof(OnnxStringTensor)
                    ? OnnxStringTensor.FromArray(tensor.Strings ?? throw new NotSupportedException($"the data is {tensor}, but Run takes strings there"), tensor.Shape)
                    : DotnetTensors.ToOnnxTensor(LegacyEncodings.AsDeclared(tensor, declared), parameterType);
                made.Add(value);
                return value;
            default:
                throw new NotSupportedException($"a {data.GetType().Name} input");
        }
    }

    /// <summary>Null when <paramref name="actual"/> (an output property's value) matches <paramref name="expected"/>, else what differs.</summary>
    public static string? Difference(object expected, object? actual, TensorElementType declared)
    {
        switch (expected)
        {
            case OptionalData { Value: null }:
                return actual is null ? null : $"a {actual.GetType().Name}, expected an empty optional";
            case OptionalData { Value: { } inner }:
                return actual is null ? "an empty optional, expected a value" : Difference(inner, actual, declared);
            case SequenceData sequence:
                if (actual is not IEnumerable items) return $"a {actual?.GetType().Name ?? "null"}, expected a sequence";
                List<object?> list = items.Cast<object?>().ToList();
                if (list.Count != sequence.Elements.Count) return $"a sequence of {list.Count} elements, expected {sequence.Elements.Count}";
                for (int i = 0; i < list.Count; i++)
                    if (Difference(sequence.Elements[i], list[i], declared) is string difference) return $"element {i}: {difference}";
                return null;
            case TensorData tensor:
                TensorData expectedTensor = LegacyEncodings.AsDeclared(tensor, declared);
                return actual switch
                {
                    OnnxStringTensor strings => TensorComparison.Difference(expectedTensor,
                        new TensorData(TensorElementType.String, strings.Shape.ToArray(), Array.Empty<byte>(), strings.ToArray())),
                    OnnxTensor numbers => TensorComparison.Difference(expectedTensor, DotnetTensors.FromOnnxTensor(numbers)),
                    _ => $"a {actual?.GetType().Name ?? "null"}, expected a tensor",
                };
            default:
                return $"cannot compare a {expected.GetType().Name}";
        }
    }

    // The T of IReadOnlyList<T> (a sequence parameter), else null.
    private static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;
}
