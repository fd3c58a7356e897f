namespace OnnxTyped.Generator.Tests;

/// <summary>
/// Consumer code for <see cref="GeneratedValueRunTests"/>, compiled with the generated classes: it names every parameter and
/// property type a user writes for each value kind, so a wrong type fails to compile, and hands back plain arrays, lists and
/// dictionaries for the test to compare.
/// </summary>
internal static class Consumer
{
    public const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using OnnxTyped;
        using InMemory;

        #pragma warning disable CS1591 // test code, not a library

        public static class Consumer
        {
            public static (long[], List<Dictionary<long, float>>) Classify(string path, float[] rows, long count)
            {
                using var model = new Classifier(path);
                using OnnxTensor<float> x = OnnxTensor<float>.FromArray(rows, count, 4);
                using Classifier.Outputs result = model.Run(x);
                OnnxTensor<long> labels = result.OutputLabel;
                IReadOnlyList<IReadOnlyDictionary<long, float>> probabilities = result.OutputProbability;
                return (labels.ToArray(), probabilities.Select(p => p.ToDictionary(e => e.Key, e => e.Value)).ToList());
            }

            public static (string[], List<Dictionary<string, float>>) ClassifyNamed(string path, float[] rows, long count)
            {
                using var model = new NamedClassifier(path);
                using OnnxTensor<float> x = OnnxTensor<float>.FromArray(rows, count, 4);
                using NamedClassifier.Outputs result = model.Run(x);
                OnnxStringTensor labels = result.OutputLabel;
                IReadOnlyList<IReadOnlyDictionary<string, float>> probabilities = result.OutputProbability;
                return (labels.ToArray(), probabilities.Select(p => p.ToDictionary(e => e.Key, e => e.Value)).ToList());
            }

            public static (float[], float[]) Vectorize(string path, Dictionary<string, float> words, Dictionary<long, float> ids)
            {
                using var model = new Vectorizer(path);
                IReadOnlyDictionary<string, float> w = words;
                IReadOnlyDictionary<long, float> i = ids;
                using Vectorizer.Outputs result = model.Run(w, i);
                return (result.ByWord.ToArray(), result.ById.ToArray());
            }

            public static (List<float[]>, long, float[]) Insert(string path, float[][] items, float[] extra)
            {
                using var model = new SequenceModel(path);
                List<OnnxTensor<float>> list = items.Select(v => OnnxTensor<float>.FromArray(v, v.Length)).ToList();
                using OnnxTensor<float> e = OnnxTensor<float>.FromArray(extra, extra.Length);
                using SequenceModel.Outputs result = model.Run(list, e);
                OnnxSequence<OnnxTensor<float>> joined = result.Joined;
                OnnxTensor<long> count = result.Count;
                return (joined.Select(t => t.ToArray()).ToList(), count.Span[0], result.First.ToArray());
            }

            public static (bool, bool, float[]) OptionalIn(string path, float[]? maybe, float[][]? items)
            {
                using var model = new OptionalInputModel(path);
                using OnnxTensor<float>? m = maybe is null ? null : OnnxTensor<float>.FromArray(maybe, maybe.Length);
                IReadOnlyList<OnnxTensor<float>>? list = items?.Select(v => OnnxTensor<float>.FromArray(v, v.Length)).ToList();
                using OptionalInputModel.Outputs result = model.Run(m, list);
                return (result.Present.Span[0], result.ItemsPresent.Span[0], result.Total.ToArray());
            }

            public static (float[]?, List<float[]>?) OptionalOut(string path, float[] x)
            {
                using var model = new OptionalOutputModel(path);
                using OnnxTensor<float> input = OnnxTensor<float>.FromArray(x, x.Length);
                using OptionalOutputModel.Outputs result = model.Run(input);
                OnnxTensor<float>? some = result.Some;
                OnnxSequence<OnnxTensor<float>>? someItems = result.SomeItems;
                return (some?.ToArray(), someItems?.Select(t => t.ToArray()).ToList());
            }

            public static (float[], bool, bool) EmptyOptionalOut(string path, float[] x)
            {
                using var model = new EmptyOptionalModel(path);
                using OnnxTensor<float> input = OnnxTensor<float>.FromArray(x, x.Length);
                using EmptyOptionalModel.Outputs result = model.Run(input);
                OnnxTensor<float>? none = result.None;
                OnnxSequence<OnnxTensor<float>>? noneItems = result.NoneItems;
                return (result.Some!.ToArray(), none is null, noneItems is null);
            }

            public static (string[], float[]) Strings(string path, string[] text, string[] digits)
            {
                using var model = new StringModel(path);
                using OnnxStringTensor t = OnnxStringTensor.FromArray(text, text.Length);
                using OnnxStringTensor d = OnnxStringTensor.FromMemory(digits.AsMemory(), digits.Length);
                using StringModel.Outputs result = model.Run(t, d);
                OnnxStringTensor same = result.Same;
                return (same.ToArray(), result.Number.ToArray());
            }
        }
        """;
}
