using System.Globalization;

namespace OnnxTyped.Generator.Spec;

/// <summary>
/// What the generator knows about each ONNX element type: whether the runtime can bind it, the .NET type
/// the typed front-end holds it in, the torch dtype that carries it where TorchSharp lacks it, its
/// ONNX-style name for docs and messages, and its ONNX Runtime <c>TensorElementType</c> member.
/// </summary>
internal static class OnnxElementTypes
{
    // onnx.proto's types past bfloat16, which OnnxElementType does not name.
    private const OnnxElementType Float8E4M3FN = (OnnxElementType)17;
    private const OnnxElementType Float8E4M3FNUZ = (OnnxElementType)18;
    private const OnnxElementType Float8E5M2 = (OnnxElementType)19;
    private const OnnxElementType Float8E5M2FNUZ = (OnnxElementType)20;
    private const OnnxElementType UInt4 = (OnnxElementType)21;
    private const OnnxElementType Int4 = (OnnxElementType)22;

    /// <summary>
    /// True when the typed front-end binds a tensor of the type by address: to an <c>OnnxTensor&lt;T&gt;</c> of its .NET
    /// type (<see cref="DotnetTypeName"/>). Whether the TorchSharp front-end binds it too is <see cref="TorchCanHold"/>.
    /// float8 is one byte an element (<c>Float8E4M3FN</c>...), int4/uint4 two elements a byte (<c>Int4x2</c>, <c>UInt4x2</c>).
    /// Strings (bound otherwise), complex and float4 are not.
    /// </summary>
    public static bool IsSupported(int elementType) => (OnnxElementType)elementType is
        OnnxElementType.Float or OnnxElementType.UInt8 or OnnxElementType.Int8 or OnnxElementType.Int16
        or OnnxElementType.Int32 or OnnxElementType.Int64 or OnnxElementType.Bool or OnnxElementType.Float16
        or OnnxElementType.Double or OnnxElementType.BFloat16
        or OnnxElementType.UInt16 or OnnxElementType.UInt32 or OnnxElementType.UInt64
        or Float8E4M3FN or Float8E4M3FNUZ or Float8E5M2 or Float8E5M2FNUZ or UInt4 or Int4;

    /// <summary>
    /// False for the element types ONNX Runtime's C# API cannot open a session with as an input or output (1.31 and 1.32:
    /// float8 and int4/uint4, "Unregistered TensorElementType"), though the typed front-end has .NET types for them:
    /// the parser stops such a model with OTG020 rather than generate a class that could only throw.
    /// </summary>
    public static bool SessionsOpenWith(int elementType) => (OnnxElementType)elementType is
        not (Float8E4M3FN or Float8E4M3FNUZ or Float8E5M2 or Float8E5M2FNUZ or UInt4 or Int4);

    /// <summary>
    /// True when the TorchSharp front-end binds a tensor of the type too: a model with a value of another type, or a value
    /// that is not a tensor, gets the typed front-end only (OTG019 says so where the project references TorchSharp).
    /// TorchSharp 0.107 has no uint16/uint32/uint64 dtype: the torch front-end carries those in int16/int32/int64 tensors
    /// with the same bits (see <see cref="CarrierName"/>); it has no float8 or int4 dtype at all.
    /// </summary>
    public static bool TorchCanHold(int elementType) => (OnnxElementType)elementType is
        OnnxElementType.Float or OnnxElementType.UInt8 or OnnxElementType.Int8 or OnnxElementType.Int16
        or OnnxElementType.Int32 or OnnxElementType.Int64 or OnnxElementType.Bool or OnnxElementType.Float16
        or OnnxElementType.Double or OnnxElementType.BFloat16
        or OnnxElementType.UInt16 or OnnxElementType.UInt32 or OnnxElementType.UInt64;

    /// <summary>
    /// The .NET element type of the typed front-end's <c>OnnxTensor&lt;T&gt;</c> for a supported type, as generated code
    /// names it (the runtime's <c>DotnetElementTypes</c> maps the same pairs); null for the others.
    /// </summary>
    public static string? DotnetTypeName(OnnxElementType elementType) => elementType switch
    {
        OnnxElementType.Float => "float",
        OnnxElementType.Double => "double",
        OnnxElementType.Float16 => "global::System.Half",
        OnnxElementType.BFloat16 => "global::Microsoft.ML.OnnxRuntime.BFloat16",
        OnnxElementType.Int8 => "sbyte",
        OnnxElementType.UInt8 => "byte",
        OnnxElementType.Int16 => "short",
        OnnxElementType.UInt16 => "ushort",
        OnnxElementType.Int32 => "int",
        OnnxElementType.UInt32 => "uint",
        OnnxElementType.Int64 => "long",
        OnnxElementType.UInt64 => "ulong",
        OnnxElementType.Bool => "bool",
        Float8E4M3FN => "global::OnnxTyped.Float8E4M3FN",
        Float8E4M3FNUZ => "global::OnnxTyped.Float8E4M3FNUZ",
        Float8E5M2 => "global::OnnxTyped.Float8E5M2",
        Float8E5M2FNUZ => "global::OnnxTyped.Float8E5M2FNUZ",
        UInt4 => "global::OnnxTyped.UInt4x2",
        Int4 => "global::OnnxTyped.Int4x2",
        _ => null,
    };

    /// <summary>For the unsigned types TorchSharp lacks, the signed torch dtype that carries their bits; otherwise null.</summary>
    public static string? CarrierName(int elementType) => (OnnxElementType)elementType switch
    {
        OnnxElementType.UInt16 => "int16",
        OnnxElementType.UInt32 => "int32",
        OnnxElementType.UInt64 => "int64",
        _ => null,
    };

    /// <summary>The ONNX-style name users see: <c>float32</c>, <c>int64</c>, <c>float8e4m3fn</c>...</summary>
    public static string DisplayName(int elementType) => elementType switch
    {
        0 => "undefined",
        1 => "float32",
        2 => "uint8",
        3 => "int8",
        4 => "uint16",
        5 => "int16",
        6 => "int32",
        7 => "int64",
        8 => "string",
        9 => "bool",
        10 => "float16",
        11 => "float64",
        12 => "uint32",
        13 => "uint64",
        14 => "complex64",
        15 => "complex128",
        16 => "bfloat16",
        17 => "float8e4m3fn",
        18 => "float8e4m3fnuz",
        19 => "float8e5m2",
        20 => "float8e5m2fnuz",
        21 => "uint4",
        22 => "int4",
        23 => "float4e2m1",
        _ => "element type " + elementType.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// What follows <c>Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.</c> in generated code to name the type (same
    /// numbering as ONNX): its member, or for the types past bfloat16, which ONNX Runtime's C# enum lacks, an offset from
    /// <c>Float</c> (1): <c>Float + 16</c> is float8e4m3fn (17).
    /// </summary>
    public static string OrtMemberName(OnnxElementType elementType) =>
        (int)elementType > (int)OnnxElementType.BFloat16
            ? "Float + " + ((int)elementType - (int)OnnxElementType.Float).ToString(CultureInfo.InvariantCulture)
            : elementType.ToString();
}
