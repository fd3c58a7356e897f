using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped;

/// <summary>
/// Turns an output ONNX Runtime allocated in a value call (<see cref="ValueRunner"/>) into what the typed front-end returns
/// for its kind (<see cref="OnnxValueKind"/>): a tensor adopted without a copy (<see cref="OnnxTensor{T}"/>), strings copied
/// into an <see cref="OnnxStringTensor"/>, a sequence as an <see cref="OnnxSequence{TTensor}"/> of its tensors, an optional
/// as what it holds, maps as read-only dictionaries.
/// </summary>
internal static class ValueOutputs
{
    /// <summary>
    /// What <paramref name="value"/> holds, as the declaration's .NET value. Takes <paramref name="value"/> over in every
    /// case. An optional output here holds a value (ONNX Runtime hands it over as that value): empty ones are never read
    /// (<see cref="EmptyOptionals"/>, <see cref="ValueRunner"/>).
    /// </summary>
    public static object? Read(TensorSignature declared, OrtValue value)
    {
        if (declared.Kind is OnnxValueKind.Tensor or OnnxValueKind.Optional) return Tensor(declared, value);
        try
        {
            return declared.Kind switch
            {
                OnnxValueKind.Sequence or OnnxValueKind.OptionalSequence => Sequence(declared, value),
                OnnxValueKind.Map => MapValues.Read(declared, value),
                OnnxValueKind.SequenceOfMaps => SequenceOfMaps(declared, value),
                _ => throw new NotSupportedException($"The model's output '{declared.Name}' is a {declared.ValueType} no front-end reads."),
            };
        }
        finally
        {
            NativeLedger.Release(value);
        }
    }

    // A tensor: numbers adopted over ONNX Runtime's memory (the tensor owns the value from here), strings copied out.
    // Takes the value over in every case.
    private static object Tensor(TensorSignature declared, OrtValue value)
    {
        bool adopted = false;
        try
        {
            long[] shape = value.GetTensorTypeAndShape().Shape;
            if (declared.ElementType == TensorElementType.String)
            {
                OnnxStringTensor strings = OnnxStringTensor.Owning(value.GetStringTensorAsArray(), shape);
                strings.OutputName = declared.Name;
                return strings;
            }
            OutputRoutes.HandOverBytes(value, declared.Name, "Run such a model through ONNX Runtime's InferenceSession directly.");
            NativeTensorMemory memory = NativeTensorMemory.Of(value, OutputRoutes.AddressOf(value));
            adopted = true;
            try
            {
                OnnxTensor tensor = DotnetElementTypes.Over(declared.ElementType, memory, shape, BufferDevice.Cpu);
                tensor.OutputName = declared.Name;
                return tensor;
            }
            catch
            {
                memory.Dispose();
                throw;
            }
        }
        finally
        {
            if (!adopted) NativeLedger.Release(value);
        }
    }

    private static object Sequence(TensorSignature declared, OrtValue sequence)
    {
        int count = sequence.GetValueCount();
        var items = new object[count];
        int read = 0;
        try
        {
            for (; read < count; read++)
                items[read] = Tensor(declared, NativeLedger.Owned(sequence.GetValue(read, OrtAllocator.DefaultInstance)))!;
            return TensorSequences.Of(declared.ElementType, items);
        }
        catch
        {
            for (int i = 0; i < read; i++) ((IDisposable)items[i]).Dispose();
            throw;
        }
    }

    private static object SequenceOfMaps(TensorSignature declared, OrtValue sequence)
    {
        int count = sequence.GetValueCount();
        var maps = new object[count];
        for (int i = 0; i < count; i++)
        {
            using OrtValue map = sequence.GetValue(i, OrtAllocator.DefaultInstance);
            maps[i] = MapValues.Read(declared, map);
        }
        return TensorSequences.OfMaps(declared, maps);
    }
}
