using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.Conformance;

/// <summary>
/// The baseline column: ONNX Runtime's plain <c>InferenceSession.Run</c> on <see cref="OrtValue"/>s
/// made from the <c>.pb</c> data, fed positionally to the session's inputs (as ONNX's backend
/// runner does), compared with the same tolerance as the typed column. Tensors, sequences and
/// optionals are fed and compared; an empty optional input is left out of the feeds.
/// </summary>
internal static class RawBaseline
{
    public static ColumnResult Run(TestOutcome outcome, TestDataCache data, SessionOptions options, RunOptions runOptions)
    {
        ConformanceTest test = outcome.Test;
        InferenceSession session;
        try
        {
            session = new InferenceSession(test.ModelPath, options);
        }
        catch (Exception e)
        {
            return ColumnResult.Fail("ONNX Runtime cannot load the model: " + Reasons.OneLine(e.Message));
        }
        using (session)
        {
            IReadOnlyList<string> inputNames = session.InputNames;
            IReadOnlyList<string> outputNames = session.OutputNames;
            outcome.TensorOnly =
                inputNames.All(n => session.InputMetadata[n].OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR) &&
                outputNames.All(n => session.OutputMetadata[n].OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR);

            foreach (DataSet dataSet in test.DataSets)
            {
                if (dataSet.InputFiles.Count != inputNames.Count)
                    return ColumnResult.Fail($"{dataSet.Name} has {dataSet.InputFiles.Count} inputs, the session takes {inputNames.Count}");
                if (dataSet.OutputFiles.Count != outputNames.Count)
                    return ColumnResult.Fail($"{dataSet.Name} has {dataSet.OutputFiles.Count} outputs, the session gives {outputNames.Count}");

                var fedNames = new List<string>();
                var inputs = new List<OrtValue>();
                try
                {
                    for (int i = 0; i < inputNames.Count; i++)
                    {
                        NodeMetadata metadata = session.InputMetadata[inputNames[i]];
                        object value = data.ReadValue(dataSet.InputFiles[i], metadata.OnnxValueType);
                        if (value is OptionalData { Value: null }) continue;
                        fedNames.Add(inputNames[i]);
                        inputs.Add(ToOrtValue(value, DeclaredElementType(metadata)));
                    }
                    using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, fedNames, inputs, outputNames);
                    for (int o = 0; o < outputNames.Count; o++)
                    {
                        NodeMetadata metadata = session.OutputMetadata[outputNames[o]];
                        object expected = data.ReadValue(dataSet.OutputFiles[o], metadata.OnnxValueType);
                        string? difference = Difference(expected, outputs.ElementAt(o), DeclaredElementType(metadata));
                        if (difference is not null) return ColumnResult.Fail($"output '{outputNames[o]}': {difference}");
                    }
                }
                finally
                {
                    foreach (OrtValue input in inputs) input.Dispose();
                }
            }
            return ColumnResult.Pass;
        }
    }

    private static TensorElementType DeclaredElementType(NodeMetadata metadata) =>
        metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR ? metadata.ElementDataType : TensorElementType.DataTypeMax;

    private static OrtValue ToOrtValue(object value, TensorElementType declared)
    {
        switch (value)
        {
            case TensorData tensor:
                return ToOrtValue(LegacyEncodings.AsDeclared(tensor, declared));
            case OptionalData { Value: { } inner }:
                // ONNX Runtime takes the contained value for an optional input.
                return ToOrtValue(inner, declared);
            case SequenceData { Elements.Count: 0 }:
                throw new NotSupportedException("an empty sequence input: ONNX Runtime's C# API cannot create one (OrtValue.CreateSequence needs an element)");
            case SequenceData sequence:
                var elements = new List<OrtValue>();
                try
                {
                    foreach (object element in sequence.Elements) elements.Add(ToOrtValue(element, TensorElementType.DataTypeMax));
                    return OrtValue.CreateSequence(elements);
                }
                catch
                {
                    foreach (OrtValue element in elements) element.Dispose();
                    throw;
                }
            default:
                throw new NotSupportedException($"a {value.GetType().Name} input");
        }
    }

    private static OrtValue ToOrtValue(TensorData data)
    {
        if (data.ElementType == TensorElementType.String)
        {
            OrtValue strings = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, data.Shape);
            for (int i = 0; i < data.Strings!.Length; i++) strings.StringTensorSetElementAt(data.Strings[i].AsSpan(), i);
            return strings;
        }
        OrtValue value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, data.ElementType, data.Shape);
        Span<byte> memory = value.GetTensorMutableRawData();
        if (memory.Length != data.Bytes.Length)
        {
            value.Dispose();
            throw new InvalidOperationException($"a {data} tensor takes {memory.Length} bytes in ONNX Runtime, the file has {data.Bytes.Length}");
        }
        data.Bytes.CopyTo(memory);
        return value;
    }

    /// <summary>Null when <paramref name="actual"/> matches <paramref name="expected"/>, else what differs.</summary>
    private static string? Difference(object expected, OrtValue actual, TensorElementType declared)
    {
        switch (expected)
        {
            case TensorData tensor:
                if (actual.OnnxType != OnnxValueType.ONNX_TYPE_TENSOR) return $"a {actual.OnnxType}, expected a tensor";
                return TensorComparison.Difference(LegacyEncodings.AsDeclared(tensor, declared), FromOrtValue(actual));
            case OptionalData { Value: null }:
                return actual.OnnxType is OnnxValueType.ONNX_TYPE_TENSOR or OnnxValueType.ONNX_TYPE_SEQUENCE
                    ? $"a {actual.OnnxType}, expected an empty optional"
                    : null;
            case OptionalData { Value: { } inner }:
                return Difference(inner, actual, declared);
            case SequenceData sequence:
                if (actual.OnnxType != OnnxValueType.ONNX_TYPE_SEQUENCE) return $"a {actual.OnnxType}, expected a sequence";
                int count = actual.GetValueCount();
                if (count != sequence.Elements.Count) return $"a sequence of {count} elements, expected {sequence.Elements.Count}";
                for (int i = 0; i < count; i++)
                {
                    using OrtValue element = actual.GetValue(i, OrtAllocator.DefaultInstance);
                    string? difference = Difference(sequence.Elements[i], element, TensorElementType.DataTypeMax);
                    if (difference is not null) return $"element {i}: {difference}";
                }
                return null;
            default:
                return $"cannot compare a {expected.GetType().Name}";
        }
    }

    private static TensorData FromOrtValue(OrtValue value)
    {
        OrtTensorTypeAndShapeInfo info = value.GetTensorTypeAndShape();
        if (info.ElementDataType == TensorElementType.String)
            return new TensorData(TensorElementType.String, info.Shape, Array.Empty<byte>(), value.GetStringTensorAsArray());
        return new TensorData(info.ElementDataType, info.Shape, value.GetTensorMutableRawData().ToArray());
    }
}
