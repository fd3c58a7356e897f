using System;
using System.Linq;
using CsCheck;
using Google.Protobuf;
using Onnx;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// CsCheck generators of models whose every string is hostile to generated C#: names, dimension names, doc
/// strings, the graph name, producer, opset domain, metadata, file name and copy path are joined from pieces
/// that end literals, comments and XML elements, start new lines and preprocessor directives, hide text
/// (bidi overrides, zero-width and format characters, lone surrogates), are C# keywords or members of the
/// generated class, are Unicode letters and digits, or collide once cut down to letters and digits.
/// </summary>
internal static class HostileModels
{
    private static readonly string[] Pieces =
    {
        "\"", "\\", "'", "*/", "/*", "//", "///", "</summary>", "<summary>", "<c>", "]]>", "<!--", "-->", "&amp;", "&", "<", ">",
        "\r\n", "\n", "\r", "\u2028", "\u2029", "\u0085", "\t", "#", "#if DEBUG", "#error boom", "#region", "{", "}", "{0}", "$\"{x}\"",
        "\u0000", "\u0001", "\u007F", "\u202E", "\u200B", "\uFEFF", "\uD800", "\uDC00", "\U0001F600", "\u0301",
        "é", "Größe", "中文", "Ж", "ǅ", "İ", "ß", "٣", "३", "Ⅻ", "x", "X", "x1", "1x", "9", "_", "-", ".", ":", " ",
        "class", "int", "global", "value", "var", "@", "Run", "Outputs", "TorchOutputs", "Take", "RunTorch", "Dispose", "Signature", "Session", "Equals", "InputNames", "tensors",
        "a-b", "a_b", "aB", "AB", "ab", "RGB", "new string('a', 600)",
    };

    // What TorchSharp tensors can hold, the carried unsigned types among them.
    private static readonly int[] ElementTypes = { 1, 2, 4, 7, 9, 10, 11 };

    /// <summary>A batch of models, generated as classes Hostile0, Hostile1, ... of one compilation.</summary>
    public static Gen<HostileModel[]> Batch(int count) => AnyModel.Array[count].Select(models =>
        models.Select((make, i) => make("Hostile" + i)).ToArray());

    private static Gen<Func<string, HostileModel>> AnyModel => Gen.Select(
        Gen.Select(AnyTensor.Array[0, 5], AnyTensor.Array[1, 5], Gen.Select(Text(0, 3), Text(0, 4))),
        Gen.Select(Gen.Select(Text(0, 3), Text(0, 3)), Text(0, 2), Gen.Select(Text(0, 3), Text(0, 3)).Array[0, 3]),
        Gen.Select(Text(1, 4), Text(1, 4)),
        (graph, provenance, paths) =>
        {
            (ValueInfoProto[] inputs, ValueInfoProto[] outputs, (string graphName, string doc)) = graph;
            ((string producer, string version), string domain, (string Key, string Value)[] metadata) = provenance;
            ModelProto model = Model(inputs, outputs, graphName: graphName, producerName: producer, producerVersion: version);
            model.DocString = doc;
            model.Graph.DocString = doc + graphName;
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = 1 });
            foreach ((string key, string value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
            // The strings as the generator will read them: what UTF-8 could not hold (a lone surrogate) is U+FFFD.
            ModelProto written = ModelProto.Parser.ParseFrom(model.ToByteArray());
            return (Func<string, HostileModel>)(className => new HostileModel(written, className, FileName(paths.Item1), className + "/sub dir/" + FileName(paths.Item2)));
        });

    private static Gen<ValueInfoProto> AnyTensor => Gen.Select(Text(0, 4), Gen.OneOf(ElementTypes), Dims, Text(0, 3), (name, type, dims, doc) =>
    {
        ValueInfoProto tensor = dims is null ? ShapelessTensor(name, type) : Tensor(name, type, dims);
        tensor.DocString = doc;
        return tensor;
    });

    /// <summary>Null (no shape), or up to three dims: fixed, named with hostile text, or anonymous.</summary>
    private static Gen<object?[]?> Dims => Gen.Frequency(
        (1, Gen.Const((object?[]?)null)),
        (5, Gen.Frequency(
                (2, Gen.Long[1, 4].Select(size => (object?)size)),
                (2, Text(1, 3).Select(name => (object?)name)),
                (1, Gen.Const((object?)null)))
            .Array[0, 3].Select(dims => (object?[]?)dims)));

    /// <summary><paramref name="min"/> to <paramref name="max"/> pieces joined; the piece written as a C# expression stands for 600 letters.</summary>
    private static Gen<string> Text(int min, int max) => Gen.Int[0, Pieces.Length - 1].Array[min, max].Select(indexes =>
        string.Concat(indexes.Select(i => Pieces[i] == "new string('a', 600)" ? new string('a', 600) : Pieces[i])));

    /// <summary>Hostile text that Linux takes as a file name: no '/' or NUL, no lone surrogate, under 200 characters.</summary>
    private static string FileName(string text)
    {
        string name = new(text.Where(c => c is not '/' and not '\0' && !char.IsSurrogate(c)).Take(190).ToArray());
        return name.Trim().Length == 0 || name is "." or ".." ? "model.onnx" : name + ".onnx";
    }
}
