using System;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace OnnxTyped.Runtime.Tests;

/// <summary>Small ONNX models built in code with OnnxSharp's message types, and paths to the real ones.</summary>
internal static class TestModels
{
    public static string ModelsDir => Path.Combine(AppContext.BaseDirectory, "models");
    public static string SileroVad => Path.Combine(ModelsDir, "silero_vad_16k_op15.onnx");
    public static string PpOcrDet => Path.Combine(ModelsDir, "ch_PP-OCRv4_det_infer.onnx");

    /// <summary>Same shape, dtype and values (torch.equal).</summary>
    public static bool SameValues(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape)) return false;
        using TorchSharp.torch.Tensor same = a.eq(b);
        using TorchSharp.torch.Tensor all = same.all();
        return all.item<bool>();
    }

    /// <summary>A dimension: a number is fixed, a string is symbolic, "" anonymous.</summary>
    public static TensorShapeProto.Types.Dimension D(object dim) => dim switch
    {
        int n => new TensorShapeProto.Types.Dimension { DimValue = n },
        long n => new TensorShapeProto.Types.Dimension { DimValue = n },
        "" => new TensorShapeProto.Types.Dimension(),
        string s => new TensorShapeProto.Types.Dimension { DimParam = s },
        _ => throw new ArgumentException("dim"),
    };

    public static ValueInfoProto Tensor(string name, TensorElementType type, params object[]? dims)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type };
        if (dims is not null)
        {
            tensor.Shape = new TensorShapeProto();
            tensor.Shape.Dim.AddRange(dims.Select(D));
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    public static ValueInfoProto SequenceOf(string name, TensorElementType type) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            SequenceType = new TypeProto.Types.Sequence { ElemType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } } },
        },
    };

    public static NodeProto Node(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = op + "_" + string.Join("_", outputs) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static byte[] Build(ValueInfoProto[] inputs, ValueInfoProto[] outputs, NodeProto[] nodes, int opset = 17, TensorProto[]? initializers = null)
    {
        var graph = new GraphProto { Name = "test" };
        graph.Input.AddRange(inputs);
        graph.Output.AddRange(outputs);
        graph.Node.AddRange(nodes);
        if (initializers is not null) graph.Initializer.AddRange(initializers);
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "OnnxTyped.Runtime.Tests" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model.ToByteArray();
    }

    public static InferenceSession Session(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(model, options);
    }

    /// <summary>y = Identity(x), both declared with <paramref name="type"/> and <paramref name="dims"/>.</summary>
    public static byte[] Identity(TensorElementType type, params object[] dims) =>
        Build(new[] { Tensor("x", type, dims) }, new[] { Tensor("y", type, dims) }, new[] { Node("Identity", new[] { "x" }, new[] { "y" }) });

    /// <summary>A tiny MLP: x[batch,8] → MatMul 8×8 → Relu → MatMul 8×4 = y[batch,4].</summary>
    public static byte[] Mlp()
    {
        var random = new Random(7);
        TensorProto Weights(string name, int rows, int cols)
        {
            var t = new TensorProto { Name = name, DataType = (int)TensorElementType.Float };
            t.Dims.AddRange(new long[] { rows, cols });
            t.FloatData.AddRange(Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() - 0.5)));
            return t;
        }
        return Build(
            new[] { Tensor("x", TensorElementType.Float, "batch", 8) },
            new[] { Tensor("y", TensorElementType.Float, "batch", 4) },
            new[]
            {
                Node("MatMul", new[] { "x", "w1" }, new[] { "h" }),
                Node("Relu", new[] { "h" }, new[] { "r" }),
                Node("MatMul", new[] { "r", "w2" }, new[] { "y" }),
            },
            initializers: new[] { Weights("w1", 8, 8), Weights("w2", 8, 4) });
    }
}
