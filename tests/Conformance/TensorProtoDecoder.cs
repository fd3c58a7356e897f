using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace OnnxTyped.Conformance;

/// <summary>
/// Turns a serialized ONNX <c>TensorProto</c> (an <c>input_*.pb</c> or <c>output_*.pb</c> file)
/// into <see cref="TensorData"/>, following <c>onnx.numpy_helper.to_array</c>: <c>raw_data</c>
/// when present, else the typed field the element type is stored in.
/// </summary>
internal static class TensorProtoDecoder
{
    /// <exception cref="NotSupportedException">The tensor uses a storage this harness does not decode (external data, 4-bit types in int32_data).</exception>
    public static TensorData Read(string path)
    {
        TensorProto proto = TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        return Decode(proto);
    }

    public static TensorData Decode(TensorProto proto)
    {
        var type = (TensorElementType)proto.DataType;
        long[] shape = proto.Dims.ToArray();
        long count = shape.Aggregate(1L, (product, dim) => product * dim);
        if (proto.DataLocation == TensorProto.Types.DataLocation.External)
            throw new NotSupportedException($"tensor '{proto.Name}' keeps its data in an external file");

        if (type == TensorElementType.String)
            return new TensorData(type, shape, Array.Empty<byte>(), proto.StringData.Select(s => Encoding.UTF8.GetString(s.Span)).ToArray());

        if (!proto.RawData.IsEmpty) return new TensorData(type, shape, proto.RawData.ToByteArray());

        int size = ElementTypeNames.SizeOf(type);
        if (size == 0)
            throw new NotSupportedException($"tensor '{proto.Name}' has element type {ElementTypeNames.Of(type)} without raw_data");
        var bytes = new byte[checked(count * size)];
        switch ((int)type)
        {
            case 1: // float
                Copy(proto.FloatData, bytes, 4, (span, v) => BinaryPrimitives.WriteSingleLittleEndian(span, v));
                break;
            case 14: // complex64: real and imaginary parts in float_data
                Copy(proto.FloatData, bytes, 4, (span, v) => BinaryPrimitives.WriteSingleLittleEndian(span, v));
                break;
            case 11: // double
            case 15: // complex128
                Copy(proto.DoubleData, bytes, 8, (span, v) => BinaryPrimitives.WriteDoubleLittleEndian(span, v));
                break;
            case 7: // int64
                Copy(proto.Int64Data, bytes, 8, (span, v) => BinaryPrimitives.WriteInt64LittleEndian(span, v));
                break;
            case 12: // uint32
                Copy(proto.Uint64Data, bytes, 4, (span, v) => BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)v));
                break;
            case 13: // uint64
                Copy(proto.Uint64Data, bytes, 8, (span, v) => BinaryPrimitives.WriteUInt64LittleEndian(span, v));
                break;
            case 6: // int32
                Copy(proto.Int32Data, bytes, 4, (span, v) => BinaryPrimitives.WriteInt32LittleEndian(span, v));
                break;
            default:
                // int8, int16, uint8, uint16, bool, float16 and bfloat16 (as bits), float8 variants: one element per int32.
                Copy(proto.Int32Data, bytes, size, size == 2
                    ? (span, v) => BinaryPrimitives.WriteUInt16LittleEndian(span, unchecked((ushort)v))
                    : (span, v) => span[0] = unchecked((byte)v));
                break;
        }
        return new TensorData(type, shape, bytes);
    }

    private static void Copy<T>(Google.Protobuf.Collections.RepeatedField<T> values, byte[] bytes, int size, SpanWriter<T> write)
    {
        if ((long)values.Count * size != bytes.Length)
            throw new InvalidDataException($"the tensor's typed field holds {values.Count} values, its shape needs {bytes.Length / size}");
        for (int i = 0; i < values.Count; i++) write(bytes.AsSpan(i * size, size), values[i]);
    }

    private delegate void SpanWriter<in T>(Span<byte> destination, T value);
}
