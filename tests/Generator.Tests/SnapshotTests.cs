using System.Linq;
using Onnx;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The generated source, compared with reviewed baselines (Baselines/), and compiled against the
/// runtime with no warnings.
/// </summary>
public sealed class SnapshotTests
{
    private const int Float = 1, UInt8 = 2, UInt16 = 4, Int64 = 7, Bool = 9, Float16 = 10, UInt32 = 12, UInt64 = 13;

    /// <summary>A model from the producer the baselines' class docs name ("produced by OnnxTyped.Generator.Tests 1").</summary>
    private static ModelProto BaselineModel(ValueInfoProto[] inputs, ValueInfoProto[] outputs, string graphName = "test_graph") =>
        Model(inputs, outputs, graphName: graphName, producerName: "OnnxTyped.Generator.Tests", producerVersion: "1");

    [Fact]
    public void RealModels()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(
            new ModelItem(RepoModels.SileroVad, ClassName: "SileroVad", Namespace: "Demo.Models", TargetPath: "models/silero_vad_16k_op15.onnx"),
            new ModelItem(RepoModels.PpOcrDet));
        AssertCleanAndVerify("RealModels", outcome);
    }

    [Fact]
    public void TypedFrontEndOnly()
    {
        // A project on the core alone: the typed members, the batching property over the session (PP-OCR's symbolic
        // batch gives MaxBatchSize), and nothing that names TorchSharp.
        GeneratorOutcome outcome = GeneratorHarness.Run(
            new[]
            {
                new ModelItem(RepoModels.SileroVad, ClassName: "SileroVad", Namespace: "Demo.Models", TargetPath: "models/silero_vad_16k_op15.onnx"),
                new ModelItem(RepoModels.PpOcrDet, ClassName: "TextDetector", Namespace: "Demo.Models", TargetPath: "models/ch_PP-OCRv4_det_infer.onnx"),
            },
            GeneratorHarness.CreateCompilation(GeneratorHarness.CoreReferences, "internal static class Consumer { }"));
        AssertCleanAndVerify("TypedFrontEndOnly", outcome);
    }

    [Fact]
    public void OddNames()
    {
        ModelProto model = BaselineModel(
            new[]
            {
                Tensor("onnx::Flatten_0", Float, "batch", 3L),
                Tensor("class", Int64),
                ShapelessTensor("39", Bool),
                Tensor("", UInt8, (object?)null),
                Tensor("x", Float16, 2L, "p2o.DynamicDimension.0"),
                Tensor("X", Float, 1L),
                Tensor("RGB_image", UInt8, "batch", 3L, 224L, 224L),
                Tensor("weight", Float, 4L),
            },
            new[]
            {
                Tensor("sigmoid_0.tmp_0", Float, "batch", 1L),
                Tensor("39", Int64, "batch"),
                Tensor("outputs", Float),
                Tensor("Dispose", Float),
                Tensor("stateN", Float, 2L, "batch", 128L),
                Tensor("x_input", Float, 1L),
            },
            graphName: "odd names");
        // An input that is also an initializer has a default inside the model: not a Run parameter.
        model.Graph.Initializer.Add(FloatTensor("weight", new long[] { 4 }, 1, 2, 3, 4));
        model.Graph.Input[0].DocString = "Features after flattening.";
        model.Graph.Output[0].DocString = "Probability per row.\nBetween 0 and 1.";
        model.DocString = "A model whose names need work.";
        model.MetadataProps.Add(new StringStringEntryProto { Key = "author", Value = "tests" });
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(Write(model, "odd_names.onnx"), ClassName: "XInput"));
        AssertCleanAndVerify("OddNames", outcome);
    }

    [Fact]
    public void HostileStrings()
    {
        const string Hostile = "a\"b\\c */ </summary> <c>&amp; \r\nd\u2028e\u2029f\u0085g\u0001h\u202Ei // end";
        ModelProto model = BaselineModel(
            new[] { Tensor("in" + Hostile, Float, "dim" + Hostile, 2L) },
            new[] { Tensor("out" + Hostile, Float, "dim" + Hostile) },
            graphName: "graph" + Hostile);
        model.DocString = "doc" + Hostile;
        model.ProducerName = "producer" + Hostile;
        model.Graph.DocString = "graph doc" + Hostile;
        model.Graph.Input[0].DocString = "input doc" + Hostile;
        model.Graph.Output[0].DocString = "output doc" + Hostile;
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com." + Hostile, Version = 1 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "key" + Hostile, Value = "value" + Hostile });
        string path = Write(model, "evil \"quoted\" * model.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(path, TargetPath: "sub dir/evil \"quoted\" */ model.onnx"));
        AssertCleanAndVerify("HostileStrings", outcome);

        // Every string arrives intact in the compiled class: escaped, not cut or reinterpreted.
        using var image = new System.IO.MemoryStream();
        Assert.True(outcome.Compilation.Emit(image).Success);
        System.Type type = System.Reflection.Assembly.Load(image.ToArray()).GetType("TestApp.EvilQuotedModel", throwOnError: true)!;
        var signature = (OnnxTyped.ModelSignature)type.GetProperty("Signature")!.GetValue(null)!;
        Assert.Equal("in" + Hostile, signature.Inputs[0].Name);
        Assert.Equal("dim" + Hostile, signature.Inputs[0].Dims[0].Name);
        Assert.Equal("out" + Hostile, signature.Outputs[0].Name);
        foreach (string run in new[] { "Run", "RunTorch" })   // the typed one and the torch one
            Assert.Equal(new[] { "inaBCSummaryCAmpDEFGHIEnd" }, Assert.Single(type.GetMethods(), m => m.Name == run).GetParameters().Select(p => p.Name));
    }

    [Fact]
    public void FixedBatchAndUnsignedTypes()
    {
        // Every input fixes dimension 0 to 4: SplitsFixedBatch lets Run and RunTorch split and pad other batches. The
        // item turns it on here, so every constructor sets it on the session.
        ModelProto model = BaselineModel(
            new[] { Tensor("pixels", UInt16, 4L, 3L), Tensor("ids", UInt64, 4L) },
            new[] { Tensor("counts", UInt32, 4L) });
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(Write(model, "fixed_batch.onnx"), SplitsFixedBatch: true));
        AssertCleanAndVerify("FixedBatchAndUnsignedTypes", outcome);
    }

    [Fact]
    public void GlobalNamespaceAndNoInputs()
    {
        ModelProto model = BaselineModel(new[] { Tensor("bias", Float, 2L) }, new[] { Tensor("y", Float, 2L) });
        model.Graph.Initializer.Add(FloatTensor("bias", new long[] { 2 }, 1, 2));
        GeneratorOutcome outcome = GeneratorHarness.Run(new[] { new ModelItem(Write(model, "constant.onnx")) }, rootNamespace: "");
        Assert.Equal("OTG010", Assert.Single(outcome.GeneratorDiagnostics).Id);
        Assert.Empty(outcome.CompileProblems);
        Baseline.Verify("GlobalNamespaceAndNoInputs", outcome.Sources);
    }

    [Fact]
    public void ValuesBeyondTensors()
    {
        // The shape of a class whose model has strings, sequences, optionals and maps (docs/values.md): Run over
        // RunValues with each kind's type, Outputs with Take<TValue>, no RunInto, batching or TorchSharp member (OTG019).
        GeneratorOutcome outcome = GeneratorHarness.Run(
            new ModelItem(WriteBytes(ValueModels.ZipMapClassifier(stringLabels: false), "classifier.onnx"), ClassName: "Classifier", Namespace: "Demo.Models"),
            new ModelItem(WriteBytes(ValueModels.OptionalInputs(), "optionals.onnx"), ClassName: "Optionals", Namespace: "Demo.Models"));
        Assert.All(outcome.GeneratorDiagnostics, d => Assert.Equal("OTG019", d.Id));
        Assert.Empty(outcome.CompileProblems);
        Baseline.Verify("ValuesBeyondTensors", outcome.Sources);
    }

    private static void AssertCleanAndVerify(string scenario, GeneratorOutcome outcome)
    {
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompileProblems);
        Assert.NotEmpty(outcome.Sources);
        Baseline.Verify(scenario, outcome.Sources);
    }
}
