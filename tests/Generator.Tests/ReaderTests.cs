using System;
using System.IO;
using System.Linq;
using System.Threading;
using Google.Protobuf;
using Onnx;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>The protobuf reader: what it keeps from real and built models, and what it never reads.</summary>
public sealed class ReaderTests
{
    [Fact]
    public void ReadsTheRealSileroModel()
    {
        using FileStream stream = File.OpenRead(RepoModels.SileroVad);
        Reader.ModelProto model = Reader.ModelProtoReader.Read(stream, CancellationToken.None);
        Assert.Equal(8, model.IrVersion);
        Assert.Equal("pytorch", model.ProducerName);
        Assert.Equal("2.3.1", model.ProducerVersion);
        Assert.Contains(model.Opsets, o => o.Domain == "" && o.Version == 15);
        Assert.Equal("main_graph", model.Graph!.Name);
        Assert.Equal(new[] { "input", "state", "sr" }, model.Graph.Inputs.Select(i => i.Name));
        Assert.Equal(new[] { "output", "stateN" }, model.Graph.Outputs.Select(i => i.Name));
        Assert.Equal(15, model.Graph.InitializerNames.Count);
        Reader.ValueInfoProto sr = model.Graph.Inputs[2];
        Assert.True(sr.HasShape);
        Assert.Empty(sr.Dims);
        Assert.Equal(7, sr.ElementType);
    }

    [Fact]
    public void SkipsNodeAndInitializerPayloadsWithoutReadingThem()
    {
        // 8 MB of weights in an initializer and a node attribute: the reader must seek past both.
        ModelProto model = Model(new[] { Tensor("x", 1, 1L) }, new[] { Tensor("y", 1, 1L) });
        model.Graph.Initializer.Add(new TensorProto { Name = "big", DataType = 1, Dims = { 1 << 20 }, RawData = ByteString.CopyFrom(new byte[4 << 20]) });
        model.Graph.Node.Add(new NodeProto
        {
            OpType = "Constant",
            Output = { "c" },
            Attribute = { new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = new TensorProto { RawData = ByteString.CopyFrom(new byte[4 << 20]) } } },
        });
        using var stream = new CountingStream(new MemoryStream(model.ToByteArray()));
        Reader.ModelProto read = Reader.ModelProtoReader.Read(stream, CancellationToken.None);
        Assert.Contains("big", read.Graph!.InitializerNames);
        Assert.True(stream.BytesRead < 256 * 1024, $"read {stream.BytesRead} of {stream.Length} bytes");
    }

    [Fact]
    public void ReadsTheRealModelsWithoutReadingTheirWeights()
    {
        foreach (string path in new[] { RepoModels.SileroVad, RepoModels.PpOcrDet })
        {
            using var stream = new CountingStream(File.OpenRead(path));
            Reader.ModelProtoReader.Read(stream, CancellationToken.None);
            Assert.True(stream.BytesRead < stream.Length / 4, $"{Path.GetFileName(path)}: read {stream.BytesRead} of {stream.Length} bytes");
        }
    }

    [Fact]
    public void SparseInitializersAreNotRunParameters()
    {
        ModelProto model = Model(new[] { Tensor("x", 1, 1L), Tensor("s", 1, 4L) }, new[] { Tensor("y", 1, 1L) });
        model.Graph.SparseInitializer.Add(new SparseTensorProto { Values = new TensorProto { Name = "s", DataType = 1, FloatData = { 1 } }, Indices = new TensorProto { DataType = 7, Int64Data = { 0 } }, Dims = { 4 } });
        using var stream = new MemoryStream(model.ToByteArray());
        Reader.ModelProto read = Reader.ModelProtoReader.Read(stream, CancellationToken.None);
        Assert.Contains("s", read.Graph!.InitializerNames);
    }

    [Fact]
    public void UnknownFieldsOfEveryWireTypeAreSkipped()
    {
        byte[] known = Model(new[] { Tensor("x", 1, 1L) }, new[] { Tensor("y", 1, 1L) }).ToByteArray();
        byte[] unknown = Tag(99, 0).Concat(new byte[] { 0x96, 0x01 })                      // varint
            .Concat(Tag(100, 5)).Concat(new byte[] { 1, 2, 3, 4 })                           // fixed32
            .Concat(Tag(101, 1)).Concat(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })               // fixed64
            .Concat(Tag(102, 3)).Concat(new byte[] { 0x08, 0x01 }).Concat(Tag(102, 4))       // group { 1: 1 }
            .Concat(Tag(103, 2)).Concat(new byte[] { 3, 9, 9, 9 })                           // bytes
            .ToArray();
        using var stream = new MemoryStream(unknown.Concat(known).ToArray());
        Reader.ModelProto read = Reader.ModelProtoReader.Read(stream, CancellationToken.None);
        Assert.Equal("x", Assert.Single(read.Graph!.Inputs).Name);
    }

    [Fact]
    public void DimsAreKeptAsWrittenAndAnonymousOrNegativeOnesBecomeAnonymousInTheSpec()
    {
        ModelProto model = Model(new[] { Tensor("x", 1, null, -1L, "n", 3L) }, new[] { Tensor("y", 1) });
        using var stream = new MemoryStream(model.ToByteArray());
        Reader.ModelProto read = Reader.ModelProtoReader.Read(stream, CancellationToken.None);
        Assert.Equal(
            new[] { new Reader.DimensionProto(null, null), new Reader.DimensionProto(-1, null), new Reader.DimensionProto(null, "n"), new Reader.DimensionProto(3, null) },
            read.Graph!.Inputs[0].Dims);

        Spec.ModelSpec spec = Parser.ModelSpecParser.Build(read, new Spec.ModelFileOptions("/m/dims.onnx", "", "", "App", "")).Value!;
        Assert.Equal(new[] { "?", "?", "n", "3" }, spec.Inputs[0].Dims.Select(d => d.DisplayText));
    }

    private static byte[] Tag(int field, int wireType)
    {
        uint tag = (uint)(field << 3 | wireType);
        var bytes = new System.Collections.Generic.List<byte>();
        do
        {
            byte b = (byte)(tag & 0x7F);
            tag >>= 7;
            bytes.Add(tag != 0 ? (byte)(b | 0x80) : b);
        }
        while (tag != 0);
        return bytes.ToArray();
    }
}
