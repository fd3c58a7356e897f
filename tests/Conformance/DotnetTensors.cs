using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OnnxTyped.Conformance;

/// <summary>
/// Copies <see cref="TensorData"/> into the typed front-end's <see cref="OnnxTensor{T}"/> and back, byte for byte:
/// the data file's packed little-endian elements are the layout of a <typeparamref name="T"/>[] on this machine.
/// </summary>
internal static class DotnetTensors
{
    private static readonly MethodInfo ToTensorOfT = typeof(DotnetTensors).GetMethod(nameof(ToTensor), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FromTensorOfT = typeof(DotnetTensors).GetMethod(nameof(FromTensor), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// A new <c>OnnxTensor&lt;T&gt;</c> of <paramref name="parameterType"/> (what the generated <c>Run</c> takes) over a
    /// copy of <paramref name="data"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The data's element type is not the parameter's.</exception>
    public static OnnxTensor ToOnnxTensor(TensorData data, Type parameterType) =>
        (OnnxTensor)Invoke(ToTensorOfT, ElementTypeOf(parameterType), data);

    /// <summary>The values of an <c>OnnxTensor&lt;T&gt;</c> output: its element type, its shape and its span as bytes.</summary>
    public static TensorData FromOnnxTensor(OnnxTensor tensor) => (TensorData)Invoke(FromTensorOfT, ElementTypeOf(tensor.GetType()), tensor);

    private static OnnxTensor<T> ToTensor<T>(TensorData data) where T : unmanaged
    {
        if (DotnetElementTypes.Of<T>() != data.ElementType)
            throw new NotSupportedException($"the data is {data}, but Run takes an OnnxTensor<{typeof(T).Name}> " +
                                            $"({ElementTypeNames.Of(DotnetElementTypes.Of<T>())}) there");
        T[] values = MemoryMarshal.Cast<byte, T>(data.Bytes).ToArray();
        return OnnxTensor<T>.FromArray(values, data.Shape);
    }

    private static TensorData FromTensor<T>(OnnxTensor<T> tensor) where T : unmanaged =>
        new(tensor.ElementType, tensor.Shape.ToArray(), MemoryMarshal.AsBytes(tensor.Span).ToArray());

    /// <summary>The <c>T</c> of <c>OnnxTensor&lt;T&gt;</c>.</summary>
    private static Type ElementTypeOf(Type tensorType) =>
        tensorType.IsGenericType && tensorType.GetGenericTypeDefinition() == typeof(OnnxTensor<>)
            ? tensorType.GetGenericArguments()[0]
            : throw new NotSupportedException($"{tensorType} is not an OnnxTensor<T>");

    // Unwraps reflection's wrapper, so a failure reads as what it is.
    private static object Invoke(MethodInfo generic, Type elementType, object argument)
    {
        try
        {
            return generic.MakeGenericMethod(elementType).Invoke(null, new[] { argument })!;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }
}
