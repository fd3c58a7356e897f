using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.TestModels;

/// <summary>A tensor as plain bytes: packed little-endian elements in row-major order, with its shape and element type.</summary>
public sealed record PlainTensor(long[] Shape, TensorElementType Type, byte[] Bytes);

/// <summary>
/// The baseline every test compares with: ONNX Runtime's plain <c>Run</c> on OrtValues over managed copies of the
/// inputs, with no IO binding and nothing of this project's runtime.
/// </summary>
public static class PlainOnnxRun
{
    /// <summary>Runs <paramref name="session"/> on <paramref name="inputs"/> (by input name) and returns every output in model order.</summary>
    public static List<PlainTensor> Outputs(InferenceSession session, IReadOnlyDictionary<string, PlainTensor> inputs)
    {
        var values = new List<OrtValue>();
        var pins = new List<GCHandle>();
        try
        {
            var byName = new Dictionary<string, OrtValue>();
            foreach ((string name, PlainTensor input) in inputs)
            {
                GCHandle pin = GCHandle.Alloc(input.Bytes, GCHandleType.Pinned);
                pins.Add(pin);
                OrtValue value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, input.Type, input.Shape, pin.AddrOfPinnedObject(), input.Bytes.Length);
                values.Add(value);
                byName[name] = value;
            }
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, byName, session.OutputNames);
            return outputs.Select(o =>
            {
                OrtTensorTypeAndShapeInfo info = o.GetTensorTypeAndShape();
                return new PlainTensor(info.Shape, info.ElementDataType, o.GetTensorDataAsSpan<byte>().ToArray());
            }).ToList();
        }
        finally
        {
            foreach (OrtValue value in values) value.Dispose();
            foreach (GCHandle pin in pins) pin.Free();
        }
    }

    /// <summary>
    /// The outputs of <paramref name="session"/>'s plain <c>Run</c>, as floats in output order, on one float32 input
    /// <paramref name="input"/> holding <paramref name="values"/> (copied) with <paramref name="shape"/>.
    /// </summary>
    public static float[][] FloatOutputs(InferenceSession session, string input, float[] values, params long[] shape)
    {
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        return Outputs(session, new Dictionary<string, PlainTensor> { [input] = new(shape, TensorElementType.Float, bytes) })
            .Select(o => MemoryMarshal.Cast<byte, float>(o.Bytes).ToArray()).ToArray();
    }
}
