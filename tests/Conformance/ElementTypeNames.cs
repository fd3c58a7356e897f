using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.Conformance;

/// <summary>ONNX element types by the names the report uses, and their sizes.</summary>
internal static class ElementTypeNames
{
    /// <summary>The ONNX name of an element type: <c>float32</c>, <c>uint16</c>, <c>float8e4m3fn</c>...</summary>
    public static string Of(TensorElementType type) => (int)type switch
    {
        17 => "float8e4m3fn",
        18 => "float8e4m3fnuz",
        19 => "float8e5m2",
        20 => "float8e5m2fnuz",
        21 => "uint4",
        22 => "int4",
        23 => "float4e2m1",
        _ => OnnxTyped.ElementTypes.OnnxName(type),
    };

    /// <summary>Bytes per element in <c>raw_data</c>, or 0 for types that are not byte-addressed (strings, 4-bit types).</summary>
    public static int SizeOf(TensorElementType type) => (int)type switch
    {
        1 or 6 or 12 => 4,                  // float, int32, uint32
        7 or 11 or 13 or 14 => 8,           // int64, double, uint64, complex64
        15 => 16,                           // complex128
        4 or 5 or 10 or 16 => 2,            // uint16, int16, float16, bfloat16
        2 or 3 or 9 or 17 or 18 or 19 or 20 => 1, // uint8, int8, bool, float8 variants
        _ => 0,
    };
}
