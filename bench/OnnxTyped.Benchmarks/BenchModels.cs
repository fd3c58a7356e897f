using System;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace OnnxTyped.Benchmarks;

/// <summary>The benchmark models: the tiny MLP of PERF-ANCHORS.md (built here), and the real models in models/.</summary>
internal static class BenchModels
{
    public static string SileroVad => Path.Combine(AppContext.BaseDirectory, "models", "silero_vad_16k_op15.onnx");

    /// <summary>x[batch, 64] → MatMul 64×64 → Relu → MatMul 64×10 = y[batch, 10], fixed random weights.</summary>
    public static byte[] Mlp()
    {
        var random = new Random(42);
        TensorProto Weights(string name, int rows, int cols)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorElementType.Float };
            tensor.Dims.AddRange(new long[] { rows, cols });
            tensor.FloatData.AddRange(Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() - 0.5)));
            return tensor;
        }

        ValueInfoProto Value(string name, long width) => new()
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)TensorElementType.Float,
                    Shape = new TensorShapeProto
                    {
                        Dim = { new TensorShapeProto.Types.Dimension { DimParam = "batch" }, new TensorShapeProto.Types.Dimension { DimValue = width } },
                    },
                },
            },
        };

        var graph = new GraphProto { Name = "mlp" };
        graph.Input.Add(Value("x", 64));
        graph.Output.Add(Value("y", 10));
        graph.Initializer.Add(Weights("w1", 64, 64));
        graph.Initializer.Add(Weights("w2", 64, 10));
        graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { "x", "w1" }, Output = { "h" } });
        graph.Node.Add(new NodeProto { OpType = "Relu", Input = { "h" }, Output = { "r" } });
        graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { "r", "w2" }, Output = { "y" } });
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 17 });
        return model.ToByteArray();
    }
}
