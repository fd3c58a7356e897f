using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Microsoft.CodeAnalysis;
using Onnx;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>Every diagnostic, triggered by a real file or real item metadata.</summary>
public sealed class DiagnosticTests
{
    private const int Float = 1, Complex64 = 14, String = 8, Int64 = 7;

    /// <summary>Each case: a name, the items to run the generator on, the diagnostic id expected, and text its message must contain.</summary>
    public static IEnumerable<object[]> Cases()
    {
        string valid = Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) }), "valid.onnx");
        string Single(string name, ValueInfoProto input, ValueInfoProto output) => Write(Model(new[] { input }, new[] { output }), name);

        yield return Case("missing file", "OTG001", "missing.onnx'. Check the Include path of its OnnxModel item (relative to the project file).", new ModelItem(Path.Combine(Path.GetTempPath(), "no-such-dir", "missing.onnx")));
        yield return Case("a directory", "OTG001", "could not be read", new ModelItem(Path.GetTempPath()));
        yield return Case("truncated real model", "OTG002", "truncated", new ModelItem(WriteBytes(File.ReadAllBytes(RepoModels.SileroVad).AsSpan(0, 4000).ToArray(), "truncated.onnx")));
        yield return Case("text file", "OTG002", "not a valid ONNX model", new ModelItem(WriteBytes("hello world, not a model\n"u8.ToArray(), "text.onnx")));
        yield return Case("wrong wire type", "OTG002", "ModelProto.ir_version", new ModelItem(WriteBytes(new byte[] { 0x0A, 0x01, 0x00 }, "wire.onnx")));
        yield return Case("sequence of sequences input", "OTG003", "is a sequence of sequences of tensors; a generated class binds tensors, sequences of tensors, optional tensors", new ModelItem(Single("seq.onnx",
            new ValueInfoProto { Name = "tokens", Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = SequenceOf("", Float).Type } } },
            Tensor("y", Float, 1L))));
        yield return Case("map with float keys", "OTG003", "is a map from float32 to tensors", new ModelItem(Single("map.onnx", Tensor("x", Float, 1L),
            new ValueInfoProto { Name = "labels", Type = new TypeProto { MapType = new TypeProto.Types.Map { KeyType = Float, ValueType = Tensor("v", Float).Type } } })));
        yield return Case("optional map input", "OTG003", "is an optional of maps from int64 to tensors", new ModelItem(Single("optional.onnx",
            new ValueInfoProto { Name = "maybe", Type = new TypeProto { OptionalType = new TypeProto.Types.Optional { ElemType = MapOf("", Int64, Float).Type } } },
            Tensor("y", Float, 1L))));
        yield return Case("sparse input", "OTG003", "is a sparse tensor", new ModelItem(Single("sparse.onnx",
            new ValueInfoProto { Name = "sparse", Type = new TypeProto { SparseTensorType = new TypeProto.Types.SparseTensor { ElemType = Float } } },
            Tensor("y", Float, 1L))));
        yield return Case("untyped input", "OTG003", "declared without a type", new ModelItem(Single("untyped.onnx", new ValueInfoProto { Name = "x" }, Tensor("y", Float, 1L))));
        yield return Case("sequence of complex64 input", "OTG004", "element type complex64", new ModelItem(Single("complexseq.onnx", SequenceOf("z", Complex64), Tensor("y", Float, 1L))));
        yield return Case("string input in a project with TorchSharp", "OTG019",
            "The input 'text' of the ONNX model 'string.onnx' is a string tensor, which no TorchSharp tensor holds: the class String has no RunTorch. Call its Run, the typed front-end, which takes and returns OnnxStringTensor.",
            new ModelItem(Single("string.onnx", Tensor("text", String, 1L), Tensor("y", Float, 1L))));
        yield return Case("MicroBatching on a model of strings", "OTG017", "cannot be micro-batched: input 'text' is a string tensor",
            new ModelItem(Single("strings.onnx", Tensor("text", String, "batch"), Tensor("y", Float, "batch")), MicroBatching: true));
        yield return Case("complex64 output", "OTG004", "element type complex64", new ModelItem(Single("complex.onnx", Tensor("x", Float, 1L), Tensor("y", Complex64, 1L))));
        yield return Case("float4 input", "OTG004", "element type float4e2m1", new ModelItem(Single("float4.onnx", Tensor("x", 23, 1L), Tensor("y", Float, 1L))));
        yield return Case("float8 input", "OTG020", "The input 'x' of the ONNX model 'float8.onnx' is float8e4m3fn: OnnxTyped holds it as OnnxTensor<Float8E4M3FN>, but ONNX Runtime's C# API cannot open",
            new ModelItem(Single("float8.onnx", Tensor("x", 17, 1L), Tensor("y", Float, 1L))));
        yield return Case("int4 output", "OTG020", "The output 'y' of the ONNX model 'int4.onnx' is int4: OnnxTyped holds it as OnnxTensor<Int4x2>",
            new ModelItem(Single("int4.onnx", Tensor("x", Float, 2L), Tensor("y", 22, 2L))));
        yield return Case("class name with a dash", "OTG005", "not a C# identifier. Set the ClassName metadata of its OnnxModel item to another C# identifier", new ModelItem(valid, ClassName: "My-Model"));
        yield return Case("class name is a keyword", "OTG005", "not a C# identifier", new ModelItem(valid, ClassName: "class"));
        yield return Case("class name is a member", "OTG005", "member of that name", new ModelItem(valid, ClassName: "Run"));
        yield return Case("class name over 512 characters", "OTG005", "longer than the 512 characters C# allows", new ModelItem(valid, ClassName: new string('A', 513)));
        yield return Case("default class name from a file name starting with a digit", null, null, new ModelItem(Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) }), "3d-unet.onnx")));
        yield return Case("namespace with empty part", "OTG006", "My..Models", new ModelItem(valid, Namespace: "My..Models"));
        yield return Case("namespace with keyword", "OTG006", "App.class", new ModelItem(valid, Namespace: "App.class"));
        yield return Case("two models, one class", "OTG007", "is skipped. Give one of the two OnnxModel items another ClassName or Namespace.",
            new ModelItem(valid, ClassName: "Same"), new ModelItem(Single("other.onnx", Tensor("a", Float, 1L), Tensor("b", Float, 1L)), ClassName: "Same"));
        yield return Case("no graph", "OTG008", "has no graph", new ModelItem(WriteBytes(new ModelProto { IrVersion = 8 }.ToByteArray(), "nograph.onnx")));
        yield return Case("no outputs", "OTG009", "declares no outputs", new ModelItem(Write(Model(new[] { Tensor("x", Float, 1L) }, Array.Empty<ValueInfoProto>()), "nooutputs.onnx")));
        ModelProto constant = Model(new[] { Tensor("w", Float, 1L) }, new[] { Tensor("y", Float, 1L) });
        constant.Graph.Initializer.Add(new TensorProto { Name = "w", DataType = Float, Dims = { 1 }, FloatData = { 1 } });
        yield return Case("every input an initializer", "OTG010", "('w')", new ModelItem(Write(constant, "constant.onnx")));
        yield return Case("empty file", "OTG011", "is an empty file (0 bytes)", new ModelItem(WriteBytes(Array.Empty<byte>(), "empty.onnx")));
        yield return Case("Git LFS pointer", "OTG012", "is a Git LFS pointer to a file of 1289603 bytes, not the model itself: run 'git lfs pull'",
            new ModelItem(WriteBytes(GitLfsPointerTo(RepoModels.SileroVad), "silero_vad_16k_op15.onnx")));
        yield return Case("two files copied to one path", "OTG013", "are both copied to 'model.onnx' under the output folder",
            new ModelItem(Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) }), "model.onnx"), ClassName: "First"),
            new ModelItem(Write(Model(new[] { Tensor("a", Float, 2L) }, new[] { Tensor("b", Float, 2L) }), "model.onnx"), ClassName: "Second"));
        yield return Case("1,001 inputs", "OTG015", "has 1,001 inputs; a generated class takes at most 1,000",
            new ModelItem(Write(Model(Enumerable.Range(0, 1001).Select(i => Tensor("x" + i, Float, 1L)).ToArray(), new[] { Tensor("y", Float, 1L) }), "wide.onnx")));
        yield return Case("an output of rank 65", "OTG016", "declares 65 dimensions for its output 'y'; a generated class takes at most 64",
            new ModelItem(Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, Enumerable.Repeat<object>(1L, 65).ToArray()) }), "deep.onnx")));
        yield return Case("an output of rank 64, the most a class takes", null, null,
            new ModelItem(Write(Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, Enumerable.Repeat<object>(1L, 64).ToArray()) }), "deep64.onnx")));
        // Silero VAD: 'batch' is its batch axis; 'sequence' is in its input only, not in the outputs.
        yield return Case("a BatchDim that is not a batch axis", "OTG017", "(class Vad) cannot be micro-batched: its BatchDim 'sequence' is not a batch axis of the model (candidates: 'batch')",
            new ModelItem(RepoModels.SileroVad, ClassName: "Vad", BatchDim: "sequence"));
        yield return Case("a BatchDim that is the batch axis", null, null, new ModelItem(RepoModels.SileroVad, ClassName: "Vad", BatchDim: "batch"));
        yield return Case("MicroBatching on Silero VAD, one batch axis", null, null, new ModelItem(RepoModels.SileroVad, ClassName: "Vad", MicroBatching: true));
        yield return Case("MicroBatching on a model of fixed shapes", "OTG017", "cannot be micro-batched: the model has no batch axis", new ModelItem(valid, MicroBatching: true));
        string twoAxes = Write(Model(new[] { Tensor("x", Float, "n", "m") }, new[] { Tensor("y", Float, "n", "m") }), "two_axes.onnx");
        yield return Case("MicroBatching with two candidate axes", "OTG017", "several dimensions could be the batch axis (candidates: 'n', 'm'); set the item's BatchDim to one",
            new ModelItem(twoAxes, MicroBatching: true));
        yield return Case("MicroBatching with two candidate axes and a BatchDim", null, null, new ModelItem(twoAxes, MicroBatching: true, BatchDim: "m"));
        // PP-OCR's classifier names its batch p2o.DynamicDimension.0 in and .3 out: only a dimension index batches it.
        string classifier = Path.Combine(RepoModels.Folder, "ch_ppocr_mobile_v2.0_cls_infer.onnx");
        yield return Case("a BatchDim index on a model whose tensors name their batch differently", null, null,
            new ModelItem(classifier, ClassName: "Direction", MicroBatching: true, BatchDim: "0"));
        yield return Case("MicroBatching without a BatchDim on that model", "OTG017", "cannot be micro-batched: the model has no batch axis",
            new ModelItem(classifier, ClassName: "Direction", MicroBatching: true));
        yield return Case("a BatchDim index fixed in an output", "OTG017", "its BatchDim '1' is not a batch axis of the model: output 'softmax_0.tmp_0' has no symbolic dimension 1",
            new ModelItem(classifier, ClassName: "Direction", BatchDim: "1"));
        yield return Case("class name with a quote", "OTG014", "The ClassName metadata of the OnnxModel item", new ModelItem(valid, ClassName: "Vad'2"));
        yield return Case("a model Onnxify reads too", "OTG018", "Both OnnxTyped and Onnxify.ModelGenerator generate a class from the ONNX model 'valid.onnx'",
            new ModelItem(valid, ClassName: "Vad", OnnxifyClassName: "OnnxifyVad"));
        yield return Case("a model Onnxify reads too, with its import type alone", "OTG018", "write the item as <OnnxTypedModel Include=\"...\" /> and set <OnnxTypedReadsOnnxModelItems>false</OnnxTypedReadsOnnxModelItems>",
            new ModelItem(valid, OnnxifyImportType: "OnnxRuntimeInference"));
        yield return Case("a model whose Onnxify metadata is blank", null, null, new ModelItem(valid, OnnxifyClassName: " ", OnnxifyNamespace: ""));
        yield return Case("two classes whose names differ only in case", null, null, new ModelItem(valid, ClassName: "Vad"), new ModelItem(valid, ClassName: "VAD"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports(string name, string? expectedId, string? messagePart, ModelItem[] items)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(items);
        ImmutableDiagnostics(outcome, out Diagnostic[] diagnostics);
        if (expectedId is null)
        {
            Assert.Empty(diagnostics);
            Assert.Empty(outcome.CompileProblems);
            return;
        }
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(expectedId, diagnostic.Id);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(messagePart!, message, StringComparison.Ordinal);
        // The message names the model file, and the diagnostic points at it.
        Assert.Contains(Path.GetFileName(items[^1].Path.TrimEnd('/')), message, StringComparison.Ordinal);
        Assert.Equal(items[^1].Path, diagnostic.Location.GetLineSpan().Path);
        Assert.False(string.IsNullOrEmpty(diagnostic.Descriptor.HelpLinkUri), name);
        Assert.False(string.IsNullOrEmpty(diagnostic.Descriptor.Description.ToString()), name);
        // An error means no class; a warning still generates one.
        if (diagnostic.Severity == DiagnosticSeverity.Error) Assert.Equal(items.Length - 1, outcome.Sources.Count);
        else Assert.Single(outcome.Sources);
    }

    [Fact]
    public void NotATensor_IsExplainedForBothFrontEnds()
    {
        // OTG003 holds whichever front-end the project has: the runtime binds one tensor per input and output either way.
        string description = Diagnostics.UnsupportedValueType.Description.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("OnnxTyped binds each input and output through ONNX Runtime's IO binding as one value ONNX Runtime's C# API can create and read: a tensor (OnnxTensor<T>, OnnxStringTensor, or a torch.Tensor with the TorchSharp front-end)", description, StringComparison.Ordinal);
        Assert.DoesNotContain("TorchSharp tensor", Diagnostics.UnsupportedValueType.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDescriptorIsTriggeredByACase()
    {
        HashSet<string> triggered = Cases().Select(c => (string?)c[1]).Where(id => id is not null).Select(id => id!).ToHashSet();
        Assert.Equal(Diagnostics.Descriptors.Select(d => d.Id).OrderBy(id => id), triggered.OrderBy(id => id));
    }

    [Fact]
    public void EveryDescriptorIsListedInTheReleaseFile()
    {
        string unshipped = File.ReadAllText(Path.Combine(SourceFolder(), "..", "..", "src", "Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (DiagnosticDescriptor descriptor in Diagnostics.Descriptors)
            Assert.Contains($"{descriptor.Id} | OnnxTyped | {descriptor.DefaultSeverity} |", unshipped, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDescriptorHasAHelpPageWhereItsLinkPoints()
    {
        string page = File.ReadAllText(Path.Combine(SourceFolder(), "..", "..", "src", "Generator", "DIAGNOSTICS.md"));
        foreach (DiagnosticDescriptor descriptor in Diagnostics.Descriptors)
        {
            string anchor = descriptor.Id.ToLowerInvariant();
            Assert.EndsWith("DIAGNOSTICS.md#" + anchor, descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.Contains("\n## " + anchor + "\n**" + descriptor.DefaultSeverity switch { DiagnosticSeverity.Error => "Error", DiagnosticSeverity.Warning => "Warning", _ => "Info" } + ":", page.Replace("\r\n", "\n"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryTruncationOfARealModelGivesADiagnosticNotAnException()
    {
        byte[] bytes = File.ReadAllBytes(RepoModels.SileroVad);
        var random = new Random(1234);
        for (int i = 0; i < 40; i++)
        {
            int length = i < 20 ? i : random.Next(bytes.Length);
            GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(WriteBytes(bytes.AsSpan(0, length).ToArray(), "cut.onnx")));
            Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
            Assert.StartsWith("OTG", diagnostic.Id, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FilesThatAreNotOnnxModelItemsAreIgnored()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(WriteBytes("not a model"u8.ToArray(), "notes.txt"), IsModel: false));
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void AFileOnlyOnnxifyReadsGetsNoWarning()
    {
        // With OnnxTypedReadsOnnxModelItems=false an OnnxModel item is Onnxify's alone: an additional file with its
        // metadata but not OnnxTyped's, which OTG018 must leave alone, while OnnxTyped's own model beside it gets its class.
        string onnxify = WriteBytes(File.ReadAllBytes(RepoModels.SileroVad), "onnxify-only.onnx");
        string ours = WriteBytes(File.ReadAllBytes(RepoModels.SileroVad), "ours.onnx");
        GeneratorOutcome outcome = GeneratorHarness.Run(
            new ModelItem(onnxify, IsModel: false, OnnxifyClassName: "Vad", OnnxifyNamespace: "App", OnnxifyImportType: "OnnxRuntimeInference"),
            new ModelItem(ours, ClassName: "Vad"));
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Single(outcome.Sources);
    }

    /// <summary>The pointer Git checks out for <paramref name="path"/> when Git LFS has not fetched it (the Git LFS pointer format).</summary>
    private static byte[] GitLfsPointerTo(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string oid = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant();
        return System.Text.Encoding.ASCII.GetBytes($"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {bytes.Length}\n");
    }

    private static object[] Case(string name, string? id, string? messagePart, params ModelItem[] items) => new object[] { name, id!, messagePart!, items };

    private static void ImmutableDiagnostics(GeneratorOutcome outcome, out Diagnostic[] diagnostics) =>
        diagnostics = outcome.GeneratorDiagnostics.ToArray();

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
