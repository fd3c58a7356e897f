using System;
using System.IO;
using System.Linq;
using System.Threading;
using Google.Protobuf;
using OnnxTyped.Generator.Emitter;
using OnnxTyped.Generator.Parser;
using OnnxTyped.Generator.Reader;
using OnnxTyped.Generator.Spec;
using OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;
using Xunit;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// What a model file can make the generator do, each limit on a file made for it: what a file declares
/// costs nothing until it is there, nesting is bounded, naming is linear, and the generated source stays
/// small whatever text a file holds. The fuzz tests found the nesting, the naming and the size of source;
/// these keep them fixed by name.
/// </summary>
public sealed class InputLimitsTests
{
    private const int Float = 1;

    [Theory]
    [InlineData(6, 0x80000000UL)]           // ModelProto.doc_string: a 2 GiB string
    [InlineData(7, 0x80000000UL)]           // ModelProto.graph: a 2 GiB message
    [InlineData(14, 0xFFFFFFFFFFFFFFFFUL)]  // ModelProto.metadata_props: a length of 2^64 - 1
    [InlineData(99, 0x7FFFFFFFFFFFFFFFUL)]  // an unknown field of 2^63 - 1 bytes, to be skipped
    public void AHugeDeclaredLengthInASmallFileAllocatesNothingLikeIt(int field, ulong declared)
    {
        // 1 KB: a real header, the huge length, and padding that is far from what it declares.
        byte[] header = Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) }).ToByteArray();
        byte[] file = header.Concat(Varint.Tag(field, 2)).Concat(Varint.Encode(declared)).Concat(new byte[1024 - header.Length - 12]).ToArray();

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<MalformedModelException>(() => ModelProtoReader.Read(new MemoryStream(file), CancellationToken.None));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("runs past the end of its message", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"reading a {file.Length}-byte file that declares {declared} bytes allocated {allocated} bytes");
    }

    [Fact]
    public void GroupsNestedDeeperThanProtobufAllowsAreRefusedNotRecursedInto()
    {
        // Skipping a group skips its fields, groups among them: 100,000 nested groups (200 KB) overflowed the stack and killed the compiler.
        byte[] Nested(int depth) => Enumerable.Repeat(Varint.Tag(99, 3), depth).Concat(Enumerable.Repeat(Varint.Tag(99, 4), depth)).SelectMany(b => b).ToArray();

        var error = Assert.Throws<MalformedModelException>(() => ModelProtoReader.Read(new MemoryStream(Nested(100_000)), CancellationToken.None));
        Assert.Contains("nested deeper than 100", error.Message, StringComparison.Ordinal);
        // 100, protobuf's own limit, is still read (and skipped).
        Assert.Null(ModelProtoReader.Read(new MemoryStream(Nested(100)), CancellationToken.None).Graph);
    }

    [Fact]
    public void ManyInputsWithOneNameAreNamedInLinearTime()
    {
        // Each repeat of a name tried 2, 3, ... from the start: 20,000 inputs called "x" (300 KB) took 44 s.
        // A class now takes at most 1,000 inputs (OTG015), but the naming stays linear on its own.
        // Counted in names tried, not timed: each repeat costs two lookups (the name, then the next number), so 20,000
        // names cost 39,999 and twice as many twice as much; trying from 2 each time costs about 200 million.
        foreach (int count in new[] { 10_000, 20_000 })
        {
            var names = new NameSet(Array.Empty<string>());
            string[] claimed = Enumerable.Range(0, count).Select(_ => names.Claim("x")).ToArray();
            Assert.Equal(new[] { "x", "x2", "x3" }, claimed.Take(3));
            Assert.Equal("x" + count, claimed[^1]);
            Assert.True(names.Probes == 2L * count - 1, $"{count:N0} names took {names.Probes:N0} lookups");
        }

        const int Count = ModelSpecParser.MaxTensors;
        Onnx.ModelProto model = Model(Enumerable.Range(0, Count).Select(_ => Tensor("x", Float, 1L)).ToArray(), new[] { Tensor("y", Float, 1L) });
        Result<ModelSpec> result = ModelSpecParser.Parse(new MemoryStream(model.ToByteArray()), new ModelFileOptions("/m/many.onnx", "", "", "App", ""), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, Count).Select(i => i == 1 ? "x" : "x" + i), result.Value!.Inputs.Select(i => i.MemberName));
        Assert.Equal(Count, result.Value.Inputs.Select(i => i.SignatureProperty).Distinct().Count());
        Assert.Contains("XInput" + Count + " =>", ModelClassEmitter.Emit(result.Value, withTorch: true), StringComparison.Ordinal);
    }

    [Fact]
    public void TextOnlyShownInDocsIsCutAndLongListsAreSummed()
    {
        // A megabyte of control characters (each escaped to six) in the model's doc string, and 5,000 metadata
        // entries: copied whole, they made 6 MB of doc comments in every build.
        Onnx.ModelProto model = Model(new[] { Tensor("x", Float, 1L) }, new[] { Tensor("y", Float, 1L) });
        model.DocString = new string('\u0001', 1_000_000);
        for (int i = 0; i < 5_000; i++) model.MetadataProps.Add(new Onnx.StringStringEntryProto { Key = "k" + i, Value = new string('v', 2_000) });
        Result<ModelSpec> result = ModelSpecParser.Parse(new MemoryStream(model.ToByteArray()), new ModelFileOptions("/m/wordy.onnx", "", "", "App", ""), CancellationToken.None);
        string source = ModelClassEmitter.Emit(result.Value!, withTorch: true);

        Assert.True(source.Length < 400_000, $"{source.Length} characters of source");
        Assert.Contains("… (999,000 more characters)", source, StringComparison.Ordinal);
        Assert.Contains("<item><description>… and 4,900 more</description></item>", source, StringComparison.Ordinal);
        // Only the docs are cut: the spec keeps the text whole.
        Assert.Equal(model.DocString, result.Value!.DocString);
    }

    [Fact]
    public void ANameOfAThousandLettersIsCutTo128()
    {
        // C# refuses identifiers over 512 characters (CS0645): an uncut name gave a class that did not compile.
        string name = new string('a', 1_000);
        Onnx.ModelProto model = Model(new[] { Tensor(name, Float, 1L), Tensor(name + "b", Float, 1L) }, new[] { Tensor(name, Float, 1L) });
        Result<ModelSpec> result = ModelSpecParser.Parse(new MemoryStream(model.ToByteArray()), new ModelFileOptions("/m/long.onnx", "", "", "App", ""), CancellationToken.None);

        Assert.Equal(new[] { new string('a', 128), new string('a', 128) + "2" }, result.Value!.Inputs.Select(i => i.MemberName));
        Assert.Equal("A" + new string('a', 127), result.Value.Outputs[0].MemberName);
        Assert.Equal(name, result.Value.Inputs[0].OnnxName);
    }
}
