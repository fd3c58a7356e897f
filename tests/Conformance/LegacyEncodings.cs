using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.Conformance;

/// <summary>
/// Test data written by older ONNX releases, read as the model declares it. NumPy has no bfloat16,
/// so ONNX before 1.14 saved bfloat16 test tensors as uint16 holding the same bits
/// (<c>test_cast_BFLOAT16_to_FLOAT</c>, <c>test_castlike_FLOAT_to_BFLOAT16</c>...). This fixes the
/// data file's label, never a value, and applies to every column alike.
/// </summary>
internal static class LegacyEncodings
{
    /// <summary><paramref name="data"/> labelled with <paramref name="declared"/> when it is a legacy encoding of it, else unchanged.</summary>
    public static TensorData AsDeclared(TensorData data, TensorElementType declared) =>
        data.ElementType == TensorElementType.UInt16 && declared == TensorElementType.BFloat16
            ? new TensorData(TensorElementType.BFloat16, data.Shape, data.Bytes)
            : data;
}
