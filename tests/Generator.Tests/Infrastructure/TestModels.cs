using System;
using System.Collections.Generic;
using System.IO;
using Google.Protobuf;
using Onnx;

namespace OnnxTyped.Generator.Tests.Infrastructure;

/// <summary>
/// Small ONNX models built with OnnxSharp's message types (only the parts the generator reads:
/// no nodes are needed) and written to a temporary folder, plus paths to the real models.
/// </summary>
internal static class TestModels
{
    private static readonly string Folder = CreateFolder();

    /// <summary>The real models, copied beside the tests from the repository's models/ folder.</summary>
    public static string Silero => Path.Combine(AppContext.BaseDirectory, "models", "silero_vad_16k_op15.onnx");

    public static string PaddleOcrDet => Path.Combine(AppContext.BaseDirectory, "models", "ch_PP-OCRv4_det_infer.onnx");

    /// <summary>A tensor value info; each dim is a <see cref="long"/> (fixed), a <see cref="string"/> (named) or <see langword="null"/> (anonymous).</summary>
    public static ValueInfoProto Tensor(string name, int elementType, params object?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object? dim in dims)
        {
            var d = new TensorShapeProto.Types.Dimension();
            if (dim is string param) d.DimParam = param;
            else if (dim is not null) d.DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture);
            shape.Dim.Add(d);
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }

    /// <summary>A tensor value info with no shape field at all (unknown rank).</summary>
    public static ValueInfoProto ShapelessTensor(string name, int elementType) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType } } };

    public static ModelProto Model(IEnumerable<ValueInfoProto> inputs, IEnumerable<ValueInfoProto> outputs, string graphName = "test_graph")
    {
        var graph = new GraphProto { Name = graphName };
        graph.Input.AddRange(inputs);
        graph.Output.AddRange(outputs);
        var model = new ModelProto { IrVersion = 8, ProducerName = "OnnxTyped.Generator.Tests", ProducerVersion = "1", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model;
    }

    /// <summary>Writes <paramref name="model"/> to a fresh file called <paramref name="fileName"/> and returns its path.</summary>
    public static string Write(ModelProto model, string fileName) => WriteBytes(model.ToByteArray(), fileName);

    public static string WriteBytes(byte[] bytes, string fileName)
    {
        string folder = Path.Combine(Folder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string CreateFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "onnxtyped-generator-tests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
