using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.Conformance;

/// <summary>
/// The baseline column: ONNX Runtime's plain <c>InferenceSession.Run</c> on <see cref="OrtValue"/>s
/// made from the <c>.pb</c> data, fed positionally to the session's inputs (as ONNX's backend
/// runner does), compared with the same tolerance as the typed column.
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

            foreach (string name in inputNames)
                if (session.InputMetadata[name].OnnxValueType is var kind && kind != OnnxValueType.ONNX_TYPE_TENSOR)
                    return ColumnResult.Fail($"input '{name}' is {KindText(kind)}; the harness feeds tensors only");
            foreach (string name in outputNames)
                if (session.OutputMetadata[name].OnnxValueType is var kind && kind != OnnxValueType.ONNX_TYPE_TENSOR)
                    return ColumnResult.Fail($"output '{name}' is {KindText(kind)}; the harness compares tensors only");

            foreach (DataSet dataSet in test.DataSets)
            {
                if (dataSet.InputFiles.Count != inputNames.Count)
                    return ColumnResult.Fail($"{dataSet.Name} has {dataSet.InputFiles.Count} inputs, the session takes {inputNames.Count}");
                if (dataSet.OutputFiles.Count != outputNames.Count)
                    return ColumnResult.Fail($"{dataSet.Name} has {dataSet.OutputFiles.Count} outputs, the session gives {outputNames.Count}");

                var inputs = new List<OrtValue>();
                try
                {
                    foreach (string file in dataSet.InputFiles) inputs.Add(ToOrtValue(data.Read(file)));
                    using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, inputNames, inputs, outputNames);
                    for (int o = 0; o < outputNames.Count; o++)
                    {
                        string? difference = TensorComparison.Difference(data.Read(dataSet.OutputFiles[o]), FromOrtValue(outputs.ElementAt(o)));
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

    private static string KindText(OnnxValueType kind) => kind switch
    {
        OnnxValueType.ONNX_TYPE_SEQUENCE => "a sequence",
        OnnxValueType.ONNX_TYPE_MAP => "a map",
        OnnxValueType.ONNX_TYPE_OPTIONAL => "an optional",
        OnnxValueType.ONNX_TYPE_SPARSETENSOR => "a sparse tensor",
        _ => kind.ToString(),
    };

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

    private static TensorData FromOrtValue(OrtValue value)
    {
        OrtTensorTypeAndShapeInfo info = value.GetTensorTypeAndShape();
        if (info.ElementDataType == TensorElementType.String)
            return new TensorData(TensorElementType.String, info.Shape, Array.Empty<byte>(), value.GetStringTensorAsArray());
        return new TensorData(info.ElementDataType, info.Shape, value.GetTensorMutableRawData().ToArray());
    }
}
