using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// Makes the OrtValue of one input of a value call (<see cref="ValueRunner"/>) from what the typed front-end takes for
/// its kind (<see cref="OnnxValueKind"/>): an <see cref="OnnxTensor{T}"/> described by address (pinned until the call
/// ends), an <see cref="OnnxStringTensor"/> copied into ONNX Runtime's strings, a list of tensors as a sequence, a
/// dictionary as a map, null for an empty optional. Checks each value against the declaration first and names the input.
/// </summary>
/// <remarks>
/// Every OrtValue made here is recorded in the <see cref="NativeLedger"/>; those a sequence or a map takes over are
/// recorded as consumed. The returned value and the pins belong to the caller (<see cref="ValueRunner"/>), which
/// releases the value before it lets the pins go: a sequence may refer to its tensors' memory.
/// </remarks>
internal static class ValueInputs
{
    /// <summary>The value of input <paramref name="declared"/>, or <see langword="null"/> for an empty optional (left unbound).</summary>
    /// <exception cref="OnnxInputException">The value is not what the declaration takes.</exception>
    public static OrtValue? Create(TensorSignature declared, object? value, PinSet pins)
    {
        switch (declared.Kind)
        {
            case OnnxValueKind.Tensor:
                return Tensor(declared, Required(declared, value), pins, "");
            case OnnxValueKind.Optional:
                return value is null ? null : Tensor(declared, value, pins, "");
            case OnnxValueKind.Sequence:
                return Sequence(declared, Required(declared, value), pins);
            case OnnxValueKind.OptionalSequence:
                return value is null ? null : Sequence(declared, value, pins);
            case OnnxValueKind.Map:
                return MapValues.Create(declared, Required(declared, value), "");
            case OnnxValueKind.SequenceOfMaps:
                return SequenceOfMaps(declared, Required(declared, value));
            default:
                throw new NotSupportedException($"The model's input '{declared.Name}' is a {declared.ValueType} no front-end binds.");
        }
    }

    private static object Required(TensorSignature declared, object? value) =>
        value ?? throw new OnnxInputException(declared.Name, declared.TypeText, "null",
            $"Input '{declared.Name}' is null; the model expects a {declared.TypeText}.");

    // One tensor: by address over its memory, or a copy of its strings.
    private static OrtValue Tensor(TensorSignature declared, object value, PinSet pins, string where)
    {
        if (declared.ElementType == TensorElementType.String)
        {
            if (value is not OnnxStringTensor strings) throw Mismatch(declared, value, "OnnxStringTensor", where);
            if (strings.IsDisposed) throw Disposed(declared, where);
            return StringTensor(strings.Span, strings.ShapeArray);
        }
        if (value is not OnnxTensor tensor || tensor.ElementType != declared.ElementType)
            throw Mismatch(declared, value, "OnnxTensor<" + (DotnetElementTypes.DotnetName(declared.ElementType) ?? ElementTypes.OnnxName(declared.ElementType)) + ">", where);
        if (tensor.IsDisposed) throw Disposed(declared, where);
        if (tensor.Device.IsCuda)
            throw new OnnxInputException(declared.Name, "host memory", tensor.Device.ToString(),
                $"Input '{declared.Name}'{where} is on {tensor.Device}: a {declared.TypeText} is made in host memory, which ONNX Runtime copies where it runs.");
        IntPtr data = pins.Pin(tensor);
        return NativeLedger.Owned(OrtValue.CreateTensorValueWithData(MemoryInfos.For(BufferDevice.Cpu), tensor.ElementType,
            (long[])tensor.ShapeArray.Clone(), data, ElementTypes.ByteCount(tensor.ElementType, tensor.ElementCount)));
    }

    /// <summary>A string tensor in ONNX Runtime's memory holding a copy of <paramref name="values"/>.</summary>
    internal static OrtValue StringTensor(ReadOnlySpan<string> values, long[] shape)
    {
        OrtValue strings = NativeLedger.Owned(OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, (long[])shape.Clone()));
        try
        {
            for (int i = 0; i < values.Length; i++) strings.StringTensorSetElementAt(values[i].AsSpan(), i);
            return strings;
        }
        catch
        {
            NativeLedger.Release(strings);
            throw;
        }
    }

    private static OrtValue Sequence(TensorSignature declared, object value, PinSet pins) =>
        Elements(declared, value, "a list of tensors", (item, where) => Tensor(declared, item, pins, where));

    private static OrtValue SequenceOfMaps(TensorSignature declared, object value) =>
        Elements(declared, value, "a list of dictionaries", (item, where) => MapValues.Create(declared, item, where));

    // A sequence value of the list's items, each made by `element` (which names the item in its errors): at least one item,
    // none null. The items made so far are released when one fails.
    private static OrtValue Elements(TensorSignature declared, object value, string expected, Func<object, string, OrtValue> element)
    {
        if (value is not System.Collections.IList { Count: > 0 } list)
            throw value is System.Collections.IList
                ? new OnnxInputException(declared.Name, declared.TypeText, "an empty list",
                    $"Input '{declared.Name}' is an empty list: ONNX Runtime's C# API cannot make an empty sequence (it needs one element to know the type).")
                : Mismatch(declared, value, expected, "");
        var elements = new List<OrtValue>(list.Count);
        try
        {
            for (int i = 0; i < list.Count; i++)
                elements.Add(element(list[i] ?? throw new OnnxInputException(declared.Name, declared.TypeText, "null",
                    $"Element {i} of input '{declared.Name}' is null; the model expects a {declared.TypeText}."), $" (element {i})"));
            return Composite(elements);
        }
        catch
        {
            foreach (OrtValue made in elements) NativeLedger.Release(made);
            throw;
        }
    }

    // A sequence of the elements: ONNX Runtime takes them over (and the list is emptied) when it succeeds.
    private static OrtValue Composite(List<OrtValue> elements)
    {
        var taken = new List<OrtValue>(elements);
        OrtValue sequence = OrtValue.CreateSequence(elements);
        foreach (OrtValue element in taken) NativeLedger.Consumed(element);
        return NativeLedger.Owned(sequence);
    }

    internal static OnnxInputException Mismatch(TensorSignature declared, object value, string expected, string where) =>
        new(declared.Name, expected, value.GetType().Name,
            $"Input '{declared.Name}'{where} is {Describe(value)}, but the model expects a {declared.TypeText} ({expected}).");

    private static OnnxInputException Disposed(TensorSignature declared, string where) =>
        new(declared.Name, declared.TypeText, "a disposed tensor",
            $"Input '{declared.Name}'{where} was disposed before the call; the model expects a {declared.TypeText}.");

    private static string Describe(object value) => value switch
    {
        OnnxTensor tensor => "an OnnxTensor of " + tensor,
        OnnxStringTensor strings => "an OnnxStringTensor of " + strings,
        _ => "a " + value.GetType().Name,
    };
}
