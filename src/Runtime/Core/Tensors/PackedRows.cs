using System;
using System.Globalization;

namespace OnnxTyped;

/// <summary>
/// Rows of int4/uint4 tensors, which batching cuts and joins by copying bytes: ONNX packs these elements two to a byte,
/// so a row of an odd number of elements ends in the middle of a byte, and copying whole bytes would move half of the
/// next row's first element along with it. Such rows are refused, naming the tensor, instead of copied wrongly.
/// </summary>
internal static class PackedRows
{
    /// <summary>The elements of one row along <paramref name="axis"/> of <paramref name="shape"/>: the product of the later dimensions.</summary>
    public static long RowElements(ReadOnlySpan<long> shape, int axis)
    {
        long elements = 1;
        for (int d = axis + 1; d < shape.Length; d++) elements = checked(elements * shape[d]);
        return elements;
    }

    /// <summary>Whether rows of <paramref name="rowElements"/> elements of <paramref name="declared"/>'s type start and end on byte boundaries.</summary>
    public static bool AtByteBoundaries(TensorSignature declared, long rowElements) =>
        !ElementTypes.IsPackedInNibbles(declared.ElementType) || rowElements % 2 == 0;

    /// <summary>Refuses input <paramref name="declared"/> of <paramref name="shape"/>, whose rows along <paramref name="axis"/> end mid-byte, for <paramref name="purpose"/>.</summary>
    public static OnnxInputException InputRefused(TensorSignature declared, long[] shape, int axis, string purpose) =>
        new(declared.Name, "an even number of elements per row", Count(RowElements(shape, axis)), Reason("Input", declared, shape, axis, purpose));

    /// <summary>Refuses an output, as <see cref="InputRefused"/> does an input.</summary>
    public static InvalidOperationException OutputRefused(TensorSignature declared, long[] shape, int axis, string purpose) =>
        new(Reason("Output", declared, shape, axis, purpose));

    /// <summary>Refuses a caller's output of <c>RunInto</c>, as <see cref="InputRefused"/> does an input.</summary>
    public static OnnxOutputException CallerOutputRefused(TensorSignature declared, long[] shape, int axis, string purpose) =>
        new(declared.Name, Reason("Output", declared, shape, axis, purpose), OutputShapes.CallerOutputsParameter);

    private static string Reason(string role, TensorSignature declared, long[] shape, int axis, string purpose)
    {
        string type = ElementTypes.OnnxName(declared.ElementType);
        return $"{role} '{declared.Name}' is {type} of shape {ShapeText.Of(shape)}: each row along dimension {Count(axis)} holds {Count(RowElements(shape, axis))} elements, " +
            $"and {type} packs two elements to a byte, so these rows end in the middle of a byte and cannot be cut apart {purpose}. " +
            "Give it an even number of elements per row, or run without batching.";
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
