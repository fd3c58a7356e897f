using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Onnx;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.TestModels;

/// <summary>
/// Models whose inputs or outputs are not tensors of numbers: strings, sequences, optionals, maps, and a
/// scikit-learn-style classifier whose probabilities come out of <c>ZipMap</c> as a sequence of maps.
/// </summary>
public static class ValueModels
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private const int Int64 = (int)TensorProto.Types.DataType.Int64;
    private const int Bool = (int)TensorProto.Types.DataType.Bool;
    private const int String = (int)TensorProto.Types.DataType.String;

    /// <summary>The classifier's weights: 3 classes over 4 features, as <c>LinearClassifier</c> takes them (class by class).</summary>
    public static readonly float[] Coefficients = { 0.5f, -1f, 0.25f, 2f, -0.75f, 1.5f, 0.5f, -1f, 1f, 0.25f, -2f, 0.5f };

    /// <summary>The classifier's intercepts, one per class.</summary>
    public static readonly float[] Intercepts = { 0.1f, -0.2f, 0.3f };

    /// <summary>
    /// What skl2onnx writes for a logistic regression: <c>float_input</c> float32 [N, 4] → <c>LinearClassifier</c>
    /// (softmax) → <c>output_label</c> [N] and, through <c>ZipMap</c>, <c>output_probability</c>, a sequence of N maps from
    /// each class label to its probability. Labels are int64 (0, 1, 2), or with <paramref name="stringLabels"/> the
    /// strings "cat", "dog", "bird" (then the label output is a string tensor and the maps have string keys).
    /// </summary>
    public static byte[] ZipMapClassifier(bool stringLabels)
    {
        int labelType = stringLabels ? String : Int64;
        string[] names = { "cat", "dog", "bird" };
        long[] ids = { 0, 1, 2 };
        NodeProto classifier = Node("LinearClassifier", new[] { "float_input" }, new[] { "label", "probabilities" },
            stringLabels ? Strings("classlabels_strings", names) : Ints("classlabels_ints", ids),
            Floats("coefficients", Coefficients), Floats("intercepts", Intercepts), Text("post_transform", "SOFTMAX"));
        classifier.Domain = "ai.onnx.ml";
        NodeProto zipMap = Node("ZipMap", new[] { "probabilities" }, new[] { "output_probability" },
            stringLabels ? Strings("classlabels_strings", names) : Ints("classlabels_int64s", ids));
        zipMap.Domain = "ai.onnx.ml";
        return WithMl(Model(
            new[] { Tensor("float_input", Float, "N", 4) },
            new[] { Tensor("output_label", labelType, "N"), SequenceOfMaps("output_probability", labelType, Float) },
            new[] { classifier, Node("Identity", new[] { "label" }, new[] { "output_label" }), zipMap },
            graphName: "sklearn_logistic_regression", producerName: "skl2onnx-style"));
    }

    /// <summary>
    /// Maps in: <c>words</c>, a map from string to float, through <c>DictVectorizer</c> over the vocabulary "a", "b", "c" to
    /// <c>by_word</c> float32 [1, 3]; <c>ids</c>, a map from int64 to float, through <c>CastMap</c> (dense, 4 entries) to
    /// <c>by_id</c> float32 [1, 4].
    /// </summary>
    public static byte[] MapInputs()
    {
        NodeProto vectorizer = Node("DictVectorizer", new[] { "words" }, new[] { "by_word" }, Strings("string_vocabulary", "a", "b", "c"));
        vectorizer.Domain = "ai.onnx.ml";
        NodeProto castMap = Node("CastMap", new[] { "ids" }, new[] { "by_id" }, Text("map_form", "DENSE"), Int("max_map", 4), Text("cast_to", "TO_FLOAT"));
        castMap.Domain = "ai.onnx.ml";
        return WithMl(Model(
            new[] { MapOf("words", String, Float), MapOf("ids", Int64, Float) },
            new[] { ShapelessTensor("by_word", Float), ShapelessTensor("by_id", Float) },
            new[] { vectorizer, castMap }));
    }

    /// <summary>
    /// Sequences: <c>items</c> (a sequence of float32 tensors) with <c>extra</c> inserted at the back is <c>joined</c>; its
    /// length is <c>count</c> (int64 scalar); <c>first</c> is element 0 of <c>items</c>.
    /// </summary>
    public static byte[] Sequences() => Build(
        new[] { SequenceOf("items", Float), ShapelessTensor("extra", Float) },
        new[] { SequenceOf("joined", Float), Tensor("count", Int64), ShapelessTensor("first", Float) },
        new[]
        {
            Node("SequenceInsert", new[] { "items", "extra" }, new[] { "joined" }),
            Node("SequenceLength", new[] { "joined" }, new[] { "count" }),
            Node("Constant", new string[0], new[] { "zero" }, TensorAttribute("value", new TensorProto { DataType = Int64, Int64Data = { 0 } })),
            Node("SequenceAt", new[] { "items", "zero" }, new[] { "first" }),
        });

    /// <summary>
    /// Optional inputs (opset 18): <c>maybe</c>, an optional float32 tensor, and <c>maybe_items</c>, an optional sequence of
    /// float32 tensors, each tested by <c>OptionalHasElement</c> (<c>present</c>, <c>items_present</c>: bool scalars), and the
    /// tensor's sum when it has one (<c>total</c>, float32 [1]: <c>ReduceSum</c> of <c>OptionalGetElement</c>, through an
    /// <c>If</c> that gives 0 without it). Plain <c>Run</c> aborts the process reading an empty optional output (docs/values.md), so
    /// no output here passes an empty optional on.
    /// </summary>
    public static byte[] OptionalInputs()
    {
        var thenGraph = new GraphProto { Name = "sum_of_maybe" };
        thenGraph.Node.Add(Node("OptionalGetElement", new[] { "maybe" }, new[] { "held" }));
        thenGraph.Node.Add(Node("ReduceSum", new[] { "held" }, new[] { "sum" }, Int("keepdims", 1)));
        thenGraph.Node.Add(Node("Reshape", new[] { "sum", "one" }, new[] { "then_total" }));
        thenGraph.Output.Add(ShapelessTensor("then_total", Float));
        var elseGraph = new GraphProto { Name = "no_maybe" };
        elseGraph.Node.Add(Node("Constant", new string[0], new[] { "else_total" }, TensorAttribute("value", FloatTensor("zero", new long[] { 1 }, 0f))));
        elseGraph.Output.Add(ShapelessTensor("else_total", Float));
        return Build(
            new[] { OptionalOf("maybe", Float), OptionalSequenceOf("maybe_items", Float) },
            new[] { Tensor("present", Bool), Tensor("items_present", Bool), Tensor("total", Float, 1) },
            new[]
            {
                Node("OptionalHasElement", new[] { "maybe" }, new[] { "present" }),
                Node("OptionalHasElement", new[] { "maybe_items" }, new[] { "items_present" }),
                Node("Constant", new string[0], new[] { "one" }, TensorAttribute("value", new TensorProto { DataType = Int64, Dims = { 1 }, Int64Data = { 1 } })),
                Node("If", new[] { "present" }, new[] { "total" }, Graph("then_branch", thenGraph), Graph("else_branch", elseGraph)),
            },
            opset: 18);
    }

    /// <summary>
    /// Optional outputs (opset 18) from <c>x</c>, a float32 tensor: <c>some</c> holds <c>x</c> and <c>some_items</c> a
    /// sequence of it (the <c>Optional</c> operator over a value). Empty ones: <see cref="EmptyOptionalOutputs"/>.
    /// </summary>
    public static byte[] OptionalOutputs() => Build(
        new[] { ShapelessTensor("x", Float) },
        new[] { OptionalOf("some", Float), OptionalSequenceOf("some_items", Float) },
        new[]
        {
            Node("Optional", new[] { "x" }, new[] { "some" }),
            Node("SequenceConstruct", new[] { "x" }, new[] { "items" }),
            Node("Optional", new[] { "items" }, new[] { "some_items" }),
        },
        opset: 18);

    /// <summary>
    /// Empty optional outputs (opset 18) from <c>x</c>, a float32 tensor: <c>some</c> holds <c>x</c>, <c>none</c> and
    /// <c>none_items</c> are empty optionals of a tensor and of a sequence (the <c>Optional</c> operator with only its
    /// <c>type</c>). ONNX Runtime 1.32's C# API aborts the process when it reads such a value (docs/values.md).
    /// </summary>
    public static byte[] EmptyOptionalOutputs() => Build(
        new[] { ShapelessTensor("x", Float) },
        new[] { OptionalOf("some", Float), OptionalOf("none", Float), OptionalSequenceOf("none_items", Float) },
        new[]
        {
            Node("Optional", new[] { "x" }, new[] { "some" }),
            Node("Optional", new string[0], new[] { "none" }, TypeAttribute("type", ShapelessTensor("", Float).Type)),
            Node("Optional", new string[0], new[] { "none_items" }, TypeAttribute("type", SequenceOf("", Float).Type)),
        },
        opset: 18);

    /// <summary>Strings: <c>text</c> [n] comes back as <c>same</c> [n]; <c>digits</c> [m] is parsed into <c>number</c> float32 [m] (Cast).</summary>
    public static byte[] Strings() => Build(
        new[] { Tensor("text", String, "n"), Tensor("digits", String, "m") },
        new[] { Tensor("same", String, "n"), Tensor("number", Float, "m") },
        new[]
        {
            Node("Identity", new[] { "text" }, new[] { "same" }),
            Node("Cast", new[] { "digits" }, new[] { "number" }, Int("to", Float)),
        });

    private static byte[] WithMl(ModelProto model)
    {
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = 1 });
        return model.ToByteArray();
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static AttributeProto Floats(string name, params float[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return attribute;
    }

    private static AttributeProto Strings(string name, params string[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }

    private static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private static AttributeProto Graph(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph };

    private static AttributeProto TypeAttribute(string name, TypeProto type) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.TypeProto, Tp = type };

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
}
