using System;
using System.Collections.Generic;
using System.IO;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace OnnxTyped.Conformance;

/// <summary>
/// Reads the non-tensor data files of ONNX's tests: <c>SequenceProto</c> and <c>OptionalProto</c>
/// (onnx/onnx-data.proto), which OnnxSharp does not include, straight from the wire format.
/// Only the raw column uses them: the typed path binds tensors only.
/// </summary>
internal static class ValueProtoDecoder
{
    /// <summary>The value in <paramref name="path"/>, read as the model declares it.</summary>
    public static object Read(string path, OnnxValueType kind)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return kind switch
        {
            OnnxValueType.ONNX_TYPE_TENSOR => TensorProtoDecoder.Decode(TensorProto.Parser.ParseFrom(bytes)),
            OnnxValueType.ONNX_TYPE_SEQUENCE => ReadSequence(bytes),
            OnnxValueType.ONNX_TYPE_OPTIONAL => ReadOptional(bytes),
            _ => throw new NotSupportedException($"{Path.GetFileName(path)} holds a {kind}, which the harness does not read"),
        };
    }

    // SequenceProto: 1 name, 2 elem_type, 3 tensor_values, 4 sparse_tensor_values, 5 sequence_values, 6 map_values, 7 optional_values.
    private static SequenceData ReadSequence(byte[] bytes)
    {
        var elements = new List<object>();
        var input = new CodedInputStream(bytes);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3: elements.Add(TensorProtoDecoder.Decode(TensorProto.Parser.ParseFrom(input.ReadBytes()))); break;
                case 5: elements.Add(ReadSequence(input.ReadBytes().ToByteArray())); break;
                case 7: elements.Add(ReadOptional(input.ReadBytes().ToByteArray())); break;
                case 4: throw new NotSupportedException("a sequence of sparse tensors");
                case 6: throw new NotSupportedException("a sequence of maps");
                default: input.SkipLastField(); break;
            }
        }
        return new SequenceData(elements);
    }

    // OptionalProto: 1 name, 2 elem_type, 3 tensor_value, 4 sparse_tensor_value, 5 sequence_value, 6 map_value, 7 optional_value.
    private static OptionalData ReadOptional(byte[] bytes)
    {
        object? value = null;
        var input = new CodedInputStream(bytes);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3: value = TensorProtoDecoder.Decode(TensorProto.Parser.ParseFrom(input.ReadBytes())); break;
                case 5: value = ReadSequence(input.ReadBytes().ToByteArray()); break;
                case 7: value = ReadOptional(input.ReadBytes().ToByteArray()); break;
                case 4 or 6: throw new NotSupportedException("an optional sparse tensor or map");
                default: input.SkipLastField(); break;
            }
        }
        return new OptionalData(value);
    }
}
