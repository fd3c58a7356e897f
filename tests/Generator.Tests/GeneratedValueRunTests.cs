using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// Each non-tensor value kind end to end, on models built in code (<see cref="ValueModels"/>): generated, then called from
/// consumer code compiled with the generated classes (<see cref="Consumer"/>), so the parameter and property types
/// (<c>OnnxStringTensor</c>, lists, <c>OnnxSequence</c>, nullable tensors, dictionaries) are checked by the compiler, and
/// every value compared with ONNX Runtime's plain <c>Run</c> on <c>OrtValue</c>s (<see cref="PlainValues"/>).
/// </summary>
public sealed class GeneratedValueRunTests
{
    private static readonly Lazy<(Assembly Assembly, Dictionary<string, string> Paths, GeneratorOutcome Outcome)> Built = new(Build);

    private static readonly float[] Rows = { 0.5f, -1f, 2f, 0.25f, -0.5f, 1.5f, 0f, 1f, 3f, -2f, 0.75f, -0.25f };

    [Fact]
    public void ZipMapClassifier_GivesLabelsAndASequenceOfMapsFromLabelToProbability_LikePlainRun()
    {
        var (labels, probabilities) = ((long[], List<Dictionary<long, float>>))Call("Classify", Path("classifier"), Rows, 3L);
        (long[] plainLabels, List<Dictionary<long, float>> plainProbabilities) = PlainValues.Classify<long>(Path("classifier"), Rows, 3);
        Assert.Equal(plainLabels, labels);
        Assert.Equal(plainProbabilities, probabilities);
        // And what the model computes: softmax(x · Wᵀ + b), the most probable class as the label.
        for (int row = 0; row < 3; row++)
        {
            float[] expected = Softmax(row);
            Assert.Equal(new long[] { 0, 1, 2 }, probabilities[row].Keys.OrderBy(k => k));
            for (int c = 0; c < 3; c++) Assert.Equal(expected[c], probabilities[row][c], 5);
            Assert.Equal(Array.IndexOf(expected, expected.Max()), labels[row]);
        }
    }

    [Fact]
    public void ZipMapClassifier_WithStringLabels_GivesAStringTensorAndMapsWithStringKeys_LikePlainRun()
    {
        var (labels, probabilities) = ((string[], List<Dictionary<string, float>>))Call("ClassifyNamed", Path("named_classifier"), Rows, 3L);
        (string[] plainLabels, List<Dictionary<string, float>> plainProbabilities) = PlainValues.Classify<string>(Path("named_classifier"), Rows, 3);
        Assert.Equal(plainLabels, labels);
        Assert.Equal(plainProbabilities, probabilities);
        Assert.Equal(new[] { "bird", "cat", "dog" }, probabilities[0].Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void MapInputs_AreMadeFromReadOnlyDictionaries_LikePlainRun()
    {
        var words = new Dictionary<string, float> { ["c"] = 3.5f, ["a"] = -1f };
        var ids = new Dictionary<long, float> { [3] = 2f, [0] = 0.5f, [1] = -4f };
        var (byWord, byId) = ((float[], float[]))Call("Vectorize", Path("maps"), words, ids);
        (float[] plainByWord, float[] plainById) = PlainValues.Vectorize(Path("maps"), words, ids);
        Assert.Equal(plainByWord, byWord);
        Assert.Equal(plainById, byId);
        Assert.Equal(new[] { -1f, 0f, 3.5f }, byWord);
    }

    [Fact]
    public void SequenceInputAndOutputs_AreListsInAndOnnxSequencesOut_LikePlainRun()
    {
        float[][] items = { new[] { 1f, 2f, 3f }, new[] { -4f } };
        float[] extra = { 9f, 8f };
        var (joined, count, first) = ((List<float[]>, long, float[]))Call("Insert", Path("sequences"), items, extra);
        (List<float[]> plainJoined, long plainCount, float[] plainFirst) = PlainValues.Insert(Path("sequences"), items, extra);
        Assert.Equal(plainJoined, joined);
        Assert.Equal(plainCount, count);
        Assert.Equal(plainFirst, first);
        Assert.Equal(new[] { items[0], items[1], extra }, joined);
    }

    [Fact]
    public void OptionalInputs_AreNullable_AndNullLeavesThemEmpty_LikePlainRun()
    {
        float[][] items = { new[] { 5f, 6f } };
        foreach ((float[]? maybe, float[][]? list) in new (float[]?, float[][]?)[] { (new[] { 1.5f, -2f, 4f }, items), (null, null), (new[] { 7f }, null), (null, items) })
        {
            var (present, itemsPresent, total) = ((bool, bool, float[]))Call("OptionalIn", Path("optional_inputs"), maybe!, list!);
            var (plainPresent, plainItemsPresent, plainTotal) = PlainValues.OptionalIn(Path("optional_inputs"), maybe, list);
            Assert.Equal(plainPresent, present);
            Assert.Equal(plainItemsPresent, itemsPresent);
            Assert.Equal(plainTotal, total);
            Assert.Equal(maybe is not null, present);
            Assert.Equal(list is not null, itemsPresent);
            Assert.Equal(new[] { maybe?.Sum() ?? 0f }, total);
        }
    }

    [Fact]
    public void OptionalOutputs_AreNullableValues_LikePlainRun()
    {
        float[] x = { 2f, -3f };
        var (some, someItems) = ((float[]?, List<float[]>?))Call("OptionalOut", Path("optional_outputs"), x);
        var (plainSome, plainItems) = PlainValues.OptionalOut(Path("optional_outputs"), x);
        Assert.Equal(plainSome, some);
        Assert.Equal(plainItems, someItems);
        Assert.Equal(x, some);
        Assert.Equal(new[] { x }, someItems);
    }

    [Fact]
    public void EmptyOptionalOutputs_AreNull_AndTheOthersAsPlainRunGivesThem()
    {
        // Plain Run aborts the process reading an empty optional: it is asked for the filled output alone.
        float[] x = { 7f, -1f };
        var (some, noneIsNull, noneItemsIsNull) = ((float[], bool, bool))Call("EmptyOptionalOut", Path("empty_optionals"), x);
        Assert.Equal(PlainValues.OneOutput(Path("empty_optionals"), x, "some"), some);
        Assert.Equal(x, some);
        Assert.True(noneIsNull);
        Assert.True(noneItemsIsNull);
    }

    [Fact]
    public void StringTensors_GoInAndComeOut_LikePlainRun()
    {
        string[] text = { "héllo wörld", "", "日本語", "tab\tand\nnewline" };
        string[] digits = { "1.5", "-2", "1e3" };
        var (same, parsed) = ((string[], float[]))Call("Strings", Path("strings"), text, digits);
        (string[] plainSame, float[] plainParsed) = PlainValues.Strings(Path("strings"), text, digits);
        Assert.Equal(plainSame, same);
        Assert.Equal(plainParsed, parsed);
        Assert.Equal(text, same);
        Assert.Equal(new[] { 1.5f, -2f, 1000f }, parsed);
    }

    [Fact]
    public void ModelsTorchCannotHold_GetTheTypedFrontEndOnly_AndOtg019SaysWhy()
    {
        GeneratorOutcome outcome = Built.Value.Outcome;
        Assert.Empty(outcome.CompileProblems);
        Diagnostic[] notices = outcome.GeneratorDiagnostics.Where(d => d.Id == "OTG019").ToArray();
        Assert.Equal(8, notices.Length);
        Assert.Contains(notices, d => d.GetMessage().Contains("The output 'output_probability' of the ONNX model 'classifier.onnx' is a sequence of maps from int64 to float32", StringComparison.Ordinal)
                                      && d.GetMessage().Contains("IReadOnlyList<IReadOnlyDictionary<long, float>>", StringComparison.Ordinal));
        Assert.Contains(notices, d => d.GetMessage().Contains("The input 'text' of the ONNX model 'strings.onnx' is a string tensor", StringComparison.Ordinal));
        Assert.All(notices, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        foreach (string name in new[] { "Classifier", "NamedClassifier", "Vectorizer", "SequenceModel", "OptionalInputModel", "OptionalOutputModel", "EmptyOptionalModel", "StringModel" })
        {
            Type type = Built.Value.Assembly.GetType("InMemory." + name, throwOnError: true)!;
            Assert.DoesNotContain(type.GetMembers(), m => m.Name is "RunTorch" or "TorchOutputs" or "TorchDevice" or "RunInto" or "RunAsync");
        }
    }

    private static string Path(string model) => Built.Value.Paths[model];

    private static float[] Softmax(int row)
    {
        var scores = new double[3];
        for (int c = 0; c < 3; c++)
        {
            scores[c] = ValueModels.Intercepts[c];
            for (int f = 0; f < 4; f++) scores[c] += (double)ValueModels.Coefficients[c * 4 + f] * Rows[row * 4 + f];
        }
        double max = scores.Max(), sum = scores.Sum(s => Math.Exp(s - max));
        return scores.Select(s => (float)(Math.Exp(s - max) / sum)).ToArray();
    }

    // Calls a static method of the consumer code compiled with the generated classes.
    private static object Call(string method, params object[] arguments)
    {
        try
        {
            return Built.Value.Assembly.GetType("Consumer", throwOnError: true)!.GetMethod(method)!.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static (Assembly, Dictionary<string, string>, GeneratorOutcome) Build()
    {
        var models = new (string Name, string Class, byte[] Bytes)[]
        {
            ("classifier", "Classifier", ValueModels.ZipMapClassifier(stringLabels: false)),
            ("named_classifier", "NamedClassifier", ValueModels.ZipMapClassifier(stringLabels: true)),
            ("maps", "Vectorizer", ValueModels.MapInputs()),
            ("sequences", "SequenceModel", ValueModels.Sequences()),
            ("optional_inputs", "OptionalInputModel", ValueModels.OptionalInputs()),
            ("optional_outputs", "OptionalOutputModel", ValueModels.OptionalOutputs()),
            ("empty_optionals", "EmptyOptionalModel", ValueModels.EmptyOptionalOutputs()),
            ("strings", "StringModel", ValueModels.Strings()),
        };
        var paths = models.ToDictionary(m => m.Name, m => WriteBytes(m.Bytes, m.Name + ".onnx"));
        GeneratorOutcome outcome = GeneratorHarness.Run(
            models.Select(m => new ModelItem(paths[m.Name], ClassName: m.Class, Namespace: "InMemory")),
            GeneratorHarness.CreateCompilation(Consumer.Source));
        using var image = new MemoryStream();
        EmitResult emitted = outcome.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return (Assembly.Load(image.ToArray()), paths, outcome);
    }
}
