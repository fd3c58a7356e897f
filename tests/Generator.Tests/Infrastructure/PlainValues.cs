using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// The baseline of <see cref="GeneratedValueRunTests"/>: ONNX Runtime's plain <c>InferenceSession.Run</c> on OrtValues made
/// with its own C# API (no IO binding, nothing of this project's runtime), for the models of <c>ValueModels</c>.
/// </summary>
internal static class PlainValues
{
    public static (TLabel[] Labels, List<Dictionary<TLabel, float>> Probabilities) Classify<TLabel>(string path, float[] rows, long count) where TLabel : notnull
    {
        using var session = new InferenceSession(path);
        using OrtValue x = OrtValue.CreateTensorValueFromMemory(rows.ToArray(), new[] { count, 4L });
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, new[] { "float_input" }, new[] { x }, session.OutputNames);
        TLabel[] labels = typeof(TLabel) == typeof(string)
            ? (TLabel[])(object)outputs[0].GetStringTensorAsArray()
            : (TLabel[])(object)outputs[0].GetTensorDataAsSpan<long>().ToArray();
        var probabilities = new List<Dictionary<TLabel, float>>();
        for (int i = 0; i < outputs[1].GetValueCount(); i++)
        {
            using OrtValue map = outputs[1].GetValue(i, OrtAllocator.DefaultInstance);
            using OrtValue keys = map.GetValue(0, OrtAllocator.DefaultInstance);
            using OrtValue values = map.GetValue(1, OrtAllocator.DefaultInstance);
            TLabel[] keyArray = typeof(TLabel) == typeof(string)
                ? (TLabel[])(object)keys.GetStringTensorAsArray()
                : (TLabel[])(object)keys.GetTensorDataAsSpan<long>().ToArray();
            float[] valueArray = values.GetTensorDataAsSpan<float>().ToArray();
            probabilities.Add(keyArray.Zip(valueArray).ToDictionary(e => e.First, e => e.Second));
        }
        return (labels, probabilities);
    }

    public static (float[] ByWord, float[] ById) Vectorize(string path, Dictionary<string, float> words, Dictionary<long, float> ids)
    {
        using var session = new InferenceSession(path);
        using OrtValue wordMap = OrtValue.CreateMapWithStringKeys(words.Keys.ToArray(), words.Values.ToArray());
        using OrtValue idMap = OrtValue.CreateMap(ids.Keys.ToArray(), ids.Values.ToArray());
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, new[] { "words", "ids" }, new[] { wordMap, idMap }, session.OutputNames);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    public static (List<float[]> Joined, long Count, float[] First) Insert(string path, float[][] items, float[] extra)
    {
        using var session = new InferenceSession(path);
        using OrtValue sequence = Sequence(items);
        using OrtValue extraValue = OrtValue.CreateTensorValueFromMemory(extra.ToArray(), new long[] { extra.Length });
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, new[] { "items", "extra" }, new[] { sequence, extraValue }, session.OutputNames);
        return (Elements(outputs[0]), outputs[1].GetTensorDataAsSpan<long>()[0], outputs[2].GetTensorDataAsSpan<float>().ToArray());
    }

    // An empty optional is left out of the feeds, as ONNX's backend runner does.
    public static (bool Present, bool ItemsPresent, float[] Total) OptionalIn(string path, float[]? maybe, float[][]? items)
    {
        using var session = new InferenceSession(path);
        var names = new List<string>();
        var values = new List<OrtValue>();
        try
        {
            if (maybe is not null)
            {
                names.Add("maybe");
                values.Add(OrtValue.CreateTensorValueFromMemory(maybe.ToArray(), new long[] { maybe.Length }));
            }
            if (items is not null)
            {
                names.Add("maybe_items");
                values.Add(Sequence(items));
            }
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, names, values, session.OutputNames);
            return (outputs[0].GetTensorDataAsSpan<bool>()[0], outputs[1].GetTensorDataAsSpan<bool>()[0], outputs[2].GetTensorDataAsSpan<float>().ToArray());
        }
        finally
        {
            foreach (OrtValue value in values) value.Dispose();
        }
    }

    public static (float[]? Some, List<float[]>? SomeItems) OptionalOut(string path, float[] x)
    {
        using var session = new InferenceSession(path);
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(x.ToArray(), new long[] { x.Length });
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, new[] { "x" }, new[] { input }, session.OutputNames);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), Elements(outputs[1]));
    }

    /// <summary>Output <paramref name="output"/> alone (a float32 tensor) of a model with one float32 input <c>x</c>.</summary>
    public static float[] OneOutput(string path, float[] x, string output)
    {
        using var session = new InferenceSession(path);
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(x.ToArray(), new long[] { x.Length });
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, new[] { "x" }, new[] { input }, new[] { output });
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public static (string[] Same, float[] Number) Strings(string path, string[] text, string[] digits)
    {
        using var session = new InferenceSession(path);
        using OrtValue textValue = StringTensor(text);
        using OrtValue digitValue = StringTensor(digits);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, new[] { "text", "digits" }, new[] { textValue, digitValue }, session.OutputNames);
        return (outputs[0].GetStringTensorAsArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private static OrtValue StringTensor(string[] values)
    {
        OrtValue tensor = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, new long[] { values.Length });
        for (int i = 0; i < values.Length; i++) tensor.StringTensorSetElementAt(values[i].AsSpan(), i);
        return tensor;
    }

    private static OrtValue Sequence(float[][] items)
    {
        var elements = items.Select(v => OrtValue.CreateTensorValueFromMemory(v.ToArray(), new long[] { v.Length })).ToList();
        return OrtValue.CreateSequence(elements);
    }

    private static List<float[]> Elements(OrtValue sequence)
    {
        var elements = new List<float[]>();
        for (int i = 0; i < sequence.GetValueCount(); i++)
        {
            using OrtValue element = sequence.GetValue(i, OrtAllocator.DefaultInstance);
            elements.Add(element.GetTensorDataAsSpan<float>().ToArray());
        }
        return elements;
    }
}
