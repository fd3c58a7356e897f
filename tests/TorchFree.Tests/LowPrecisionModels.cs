using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using OnnxTyped.TestModels;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// ONNX Runtime's own conversions of float8 and int4/uint4, read through models whose inputs and outputs are float32:
/// ONNX Runtime's C# API opens no session with a float8 or int4 input or output (see <see cref="OrtCSharpLimitTests"/>),
/// so these values live inside the graph, as initializers (their raw bytes exactly as given) or between two nodes.
/// </summary>
internal static class LowPrecisionModels
{
    /// <summary>float8 and int4 need IR version 9 and 10; Cast with <c>saturate</c>, QuantizeLinear with int4, opset 21.</summary>
    public const long IrVersion = 10;
    public const int Opset = 21;

    /// <summary>ONNX Runtime's <c>Cast</c> to float32 of a tensor of <paramref name="elementType"/> whose raw bytes are <paramref name="raw"/>.</summary>
    public static float[] CastToFloat(int elementType, byte[] raw, long elementCount)
    {
        var constant = new TensorProto { Name = "c", DataType = elementType, RawData = ByteString.CopyFrom(raw) };
        constant.Dims.Add(elementCount);
        return Run(ModelBuilder.Model(
            new[] { ModelBuilder.Tensor("unused", 1, 1) },
            new[] { ModelBuilder.Tensor("y", 1, elementCount) },
            new[] { ModelBuilder.Node("Cast", new[] { "c" }, new[] { "y" }, To(1)) },
            new[] { constant }, Opset), new float[1]);
    }

    /// <summary>
    /// ONNX Runtime's <c>Cast</c> of <paramref name="values"/> to <paramref name="elementType"/> (with <c>saturate</c>
    /// when given, else its default) and back to float32.
    /// </summary>
    public static float[] CastThrough(int elementType, float[] values, bool? saturate = null)
    {
        AttributeProto[] there = saturate is bool s ? new[] { To(elementType), Int("saturate", s ? 1 : 0) } : new[] { To(elementType) };
        return Run(ModelBuilder.Model(
            new[] { ModelBuilder.Tensor("x", 1, values.Length) },
            new[] { ModelBuilder.Tensor("y", 1, values.Length) },
            new[] { ModelBuilder.Node("Cast", new[] { "x" }, new[] { "q" }, there), ModelBuilder.Node("Cast", new[] { "q" }, new[] { "y" }, To(1)) },
            opset: Opset), values);
    }

    /// <summary>ONNX Runtime's <c>QuantizeLinear</c> of <paramref name="values"/> to <paramref name="elementType"/> with scale 1 and zero point 0, cast back to float32.</summary>
    public static float[] QuantizeThrough(int elementType, float[] values)
    {
        var zeroPoint = new TensorProto { Name = "zero", DataType = elementType, RawData = ByteString.CopyFrom(new byte[1]) };
        return Run(ModelBuilder.Model(
            new[] { ModelBuilder.Tensor("x", 1, values.Length) },
            new[] { ModelBuilder.Tensor("y", 1, values.Length) },
            new[] { ModelBuilder.Node("QuantizeLinear", new[] { "x", "scale", "zero" }, new[] { "q" }), ModelBuilder.Node("Cast", new[] { "q" }, new[] { "y" }, To(1)) },
            new[] { ModelBuilder.FloatTensor("scale", System.Array.Empty<long>(), 1f), zeroPoint }, Opset), values);
    }

    /// <summary>A model of IR version <see cref="IrVersion"/>, as the types need.</summary>
    public static byte[] Bytes(ModelProto model)
    {
        model.IrVersion = IrVersion;
        return model.ToByteArray();
    }

    /// <summary>A CPU session with graph optimizations off (ONNX Runtime's kernels run at Run, nothing is folded before).</summary>
    public static InferenceSession Open(ModelProto model) => OpenBytes(Bytes(model));

    /// <inheritdoc cref="Open"/>
    public static InferenceSession OpenBytes(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        return new InferenceSession(model, options);
    }

    public static AttributeProto To(int elementType) => Int("to", elementType);

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    // The one float32 output of a plain Run on one float32 input.
    private static float[] Run(ModelProto model, float[] input)
    {
        using InferenceSession session = Open(model);
        List<PlainTensor> outputs = PlainOnnxRun.Outputs(session, new Dictionary<string, PlainTensor>
        {
            [session.InputNames[0]] = new(new long[] { input.Length }, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, MemoryMarshal.AsBytes(input.AsSpan()).ToArray()),
        });
        return MemoryMarshal.Cast<byte, float>(outputs.Single().Bytes).ToArray();
    }
}
