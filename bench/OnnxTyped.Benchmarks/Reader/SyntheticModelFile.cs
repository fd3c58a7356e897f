using System;
using System.IO;
using Google.Protobuf;
using Onnx;
using OnnxTyped.TestModels;

namespace OnnxTyped.Benchmarks.Reader;

/// <summary>
/// Writes a model whose weights are one big float32 initializer <c>w</c>, used as y = x + w: the shape of
/// a real exported model (weights stored as raw bytes) with the smallest possible signature, so reading the
/// signature costs the same at any size unless the reader touches the weights.
/// </summary>
internal static class SyntheticModelFile
{
    public static void Write(string path, long weightBytes)
    {
        long elements = weightBytes / sizeof(float);
        var weights = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, RawData = UnsafeByteOperations.UnsafeWrap(new byte[elements * sizeof(float)]) };
        weights.Dims.Add(elements);
        ModelProto model = ModelBuilder.Model(
            new[] { ModelBuilder.Tensor("x", (int)TensorProto.Types.DataType.Float, elements) },
            new[] { ModelBuilder.Tensor("y", (int)TensorProto.Types.DataType.Float, elements) },
            new[] { ModelBuilder.Node("Add", new[] { "x", "w" }, new[] { "y" }) },
            new[] { weights });
        using FileStream file = File.Create(path);
        model.WriteTo(file);
        if (file.Length < weightBytes) throw new InvalidOperationException($"'{path}' has {file.Length} bytes, fewer than its {weightBytes} bytes of weights.");
    }
}
