using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// <see cref="ModelSession.RunValues"/> (strings, sequences, optionals, maps) on the models of <see cref="ValueModels"/>:
/// nothing native left behind, nothing left bound from one call to the next, and every bad value refused before the run
/// with an <see cref="OnnxInputException"/> naming the input. The values themselves are compared with plain Run in
/// Generator.Tests' GeneratedValueRunTests, through the generated classes.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ValueCallTests
{
    [Fact]
    public void SequenceAndZipMapCalls_LeaveNoNativeValueOrBindingBehind()
    {
        long values = NativeLedger.LiveValues, bindings = NativeLedger.LiveBindings;
        using (InferenceSession session = Models.Open(ValueModels.Sequences()))
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        using (var a = OnnxTensor<float>.FromArray(new[] { 1f, 2f }, 2))
        using (var b = OnnxTensor<float>.FromArray(new[] { 3f }, 1))
        {
            for (int call = 0; call < 5; call++)
            {
                object?[] outputs = model.RunValues(new object?[] { new[] { a, b }, b });
                var joined = (OnnxSequence<OnnxTensor<float>>)outputs[0]!;
                Assert.Equal(new[] { 1f, 2f, 3f, 3f }, joined.SelectMany(t => t.ToArray()));
                foreach (object? output in outputs) ((IDisposable)output!).Dispose();
            }
        }
        using (InferenceSession session = Models.Open(ValueModels.ZipMapClassifier(stringLabels: true)))
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        using (var x = OnnxTensor<float>.FromArray(new float[8], 2, 4))
        {
            for (int call = 0; call < 5; call++)
            {
                object?[] outputs = model.RunValues(new object?[] { x });
                Assert.Equal(2, ((OnnxStringTensor)outputs[0]!).ElementCount);
                Assert.Equal(2, ((IReadOnlyList<IReadOnlyDictionary<string, float>>)outputs[1]!).Count);
                ((IDisposable)outputs[0]!).Dispose();
            }
        }
        Assert.Equal(values, NativeLedger.LiveValues);
        Assert.Equal(bindings, NativeLedger.LiveBindings);
    }

    [Fact]
    public void AnEmptyOptional_AfterAValue_IsEmpty_NotTheLastCallsValue()
    {
        using InferenceSession session = Models.Open(ValueModels.OptionalInputs());
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using var maybe = OnnxTensor<float>.FromArray(new[] { 2f, 3f }, 2);
        using var item = OnnxTensor<float>.FromArray(new[] { 1f }, 1);
        foreach (bool given in new[] { true, false, true, false })
        {
            object?[] outputs = model.RunValues(new object?[] { given ? maybe : null, given ? new[] { item } : null });
            Assert.Equal(given, ((OnnxTensor<bool>)outputs[0]!).Span[0]);
            Assert.Equal(given, ((OnnxTensor<bool>)outputs[1]!).Span[0]);
            Assert.Equal(given ? 5f : 0f, ((OnnxTensor<float>)outputs[2]!).Span[0]);
            foreach (object? output in outputs) ((IDisposable)output!).Dispose();
        }
    }

    [Fact]
    public void EmptyOptionalOutputs_AreNull_AndTheOthersRead_WithoutAbortingTheProcess()
    {
        // ONNX Runtime's C# API aborts the process reading an empty optional: RunValues asks its C API first (EmptyOptionals).
        long values = NativeLedger.LiveValues, bindings = NativeLedger.LiveBindings;
        using (InferenceSession session = Models.Open(ValueModels.EmptyOptionalOutputs()))
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        using (var x = OnnxTensor<float>.FromArray(new[] { 4f, -5f }, 2))
        {
            for (int call = 0; call < 3; call++)
            {
                object?[] outputs = model.RunValues(new object?[] { x });
                using var some = (OnnxTensor<float>)outputs[0]!;
                Assert.Equal(new[] { 4f, -5f }, some.ToArray());
                Assert.Null(outputs[1]);
                Assert.Null(outputs[2]);
            }
        }
        Assert.Equal(values, NativeLedger.LiveValues);
        Assert.Equal(bindings, NativeLedger.LiveBindings);
    }

    [Fact]
    public void BadValues_AreRefusedBeforeTheRun_NamingTheInput()
    {
        using InferenceSession strings = Models.Open(ValueModels.Strings());
        using var stringModel = new ModelSession(strings, ModelSignature.Of(strings));
        using var text = OnnxStringTensor.FromArray(new[] { "a" }, 1);
        using var wrongRank = OnnxStringTensor.FromArray(new[] { "a", "b" }, 1, 2);
        using var empty = OnnxStringTensor.FromArray(Array.Empty<string>(), 0);
        using var numbers = OnnxTensor<float>.FromArray(new[] { 1f }, 1);

        AssertRefused("text", "wrong rank", () => stringModel.RunValues(new object?[] { wrongRank, text }));
        AssertRefused("digits", "dimension of size 0", () => stringModel.RunValues(new object?[] { text, empty }));
        AssertRefused("text", "is null", () => stringModel.RunValues(new object?[] { null, text }));
        AssertRefused("text", "OnnxStringTensor", () => stringModel.RunValues(new object?[] { numbers, text }));
        var disposed = OnnxStringTensor.FromArray(new[] { "x" }, 1);
        disposed.Dispose();
        AssertRefused("digits", "disposed", () => stringModel.RunValues(new object?[] { text, disposed }));

        using InferenceSession sequences = Models.Open(ValueModels.Sequences());
        using var sequenceModel = new ModelSession(sequences, ModelSignature.Of(sequences));
        AssertRefused("items", "empty list", () => sequenceModel.RunValues(new object?[] { Array.Empty<OnnxTensor<float>>(), numbers }));
        using var ints = OnnxTensor<int>.FromArray(new[] { 1 }, 1);
        AssertRefused("items", "element 1", () => sequenceModel.RunValues(new object?[] { new OnnxTensor[] { numbers, ints }, numbers }));

        using InferenceSession maps = Models.Open(ValueModels.MapInputs());
        using var mapModel = new ModelSession(maps, ModelSignature.Of(maps));
        AssertRefused("words", "IReadOnlyDictionary<string, float>", () => mapModel.RunValues(new object?[] { new Dictionary<string, double>(), new Dictionary<long, float>() }));
    }

    [Fact]
    public void MicroBatching_AModelOfStrings_IsRefused_NamingTheValue()
    {
        using InferenceSession session = Models.Open(ValueModels.Strings());
        using var model = new ModelSession(session, ModelSignature.Of(session));
        ArgumentException error = Assert.Throws<ArgumentException>(() => model.EnableMicroBatching(new MicroBatchOptions()));
        Assert.Contains("'text' is a string [n]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunOnAModelOfSequences_IsRefusedNamingTheValue_AndRunValues()
    {
        using InferenceSession session = Models.Open(ValueModels.Sequences());
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using var x = OnnxTensor<float>.FromArray(new[] { 1f }, 1);
        NotSupportedException error = Assert.Throws<NotSupportedException>(() => model.Run(new OnnxTensor[] { x, x }));
        Assert.Contains("input 'items' is a sequence of float32 tensors: Run and RunInto bind tensors of numbers by address. Call ModelSession.RunValues", error.Message, StringComparison.Ordinal);
        // The model stays usable through RunValues.
        object?[] outputs = model.RunValues(new object?[] { new[] { x }, x });
        Assert.Equal(2, ((OnnxSequence<OnnxTensor<float>>)outputs[0]!).Count);
        foreach (object? output in outputs) ((IDisposable)output!).Dispose();
    }

    [Fact]
    public void AStringTensor_RefusesANullString_AndAWrongCount()
    {
        Assert.Contains("String 1 is null", Assert.Throws<ArgumentException>(() => OnnxStringTensor.FromArray(new[] { "a", null! }, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("holds 3 string(s), but the memory holds 2", Assert.Throws<ArgumentException>(() => OnnxStringTensor.FromArray(new[] { "a", "b" }, 3)).Message, StringComparison.Ordinal);
    }

    private static void AssertRefused(string input, string messagePart, Action call)
    {
        OnnxInputException error = Assert.Throws<OnnxInputException>(call);
        Assert.Equal(input, error.InputName);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }
}
