using System;
using System.IO;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// What ONNX Runtime's C# API (1.32 here) does with float8 and int4/uint4 at its boundary: its native library runs them,
/// but the managed API opens no session with such an input or output (it maps every input's and output's element type
/// when the session opens, and knows none past bfloat16), makes no OrtValue over such memory, and reads the memory of
/// none it allocated. These tests pin that:
/// when one fails, a release has lifted the limit, and ModelSession's runs over these types can be tested end to end
/// against a plain Run (see docs/element-types.md).
/// </summary>
public sealed class OrtCSharpLimitTests
{
    public static TheoryData<int> Types => new() { 17, 18, 19, 20, 21, 22 };

    [Theory]
    [MemberData(nameof(Types))]
    public void InferenceSession_CannotOpen_AModelWithSuchAnInputOrOutput(int type)
    {
        foreach (byte[] model in new[] { CastModel(1, type), CastModel(type, 1) })
        {
            var error = Assert.Throws<OnnxRuntimeException>(() => LowPrecisionModels.OpenBytes(model).Dispose());
            Assert.Contains("Unregistered TensorElementType", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void ModelSession_SaysWhyTheModelCannotBeOpened(int type)
    {
        string path = Path.Combine(Path.GetTempPath(), $"onnxtyped-lowprecision-{type}-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, CastModel(type, 1));
        try
        {
            var signature = new ModelSignature(
                new[] { new TensorSignature("x", (TensorElementType)type, Dim.Symbolic("n")) },
                new[] { new TensorSignature("y", TensorElementType.Float, Dim.Symbolic("n")) });
            foreach (Func<ModelSession> open in new Func<ModelSession>[]
                     {
                         () => new ModelSession(path, signature),
                         () => ModelSession.ForDevice(path, signature, BufferDevice.Cpu),
                     })
            {
                var error = Assert.Throws<NotSupportedException>(() => open().Dispose());
                Assert.Contains($"input 'x' is {ElementTypes.OnnxName((TensorElementType)type)}", error.Message, StringComparison.Ordinal);
                Assert.IsType<OnnxRuntimeException>(error.InnerException);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void OrtValue_CannotBeMadeOverSuchMemory(int type)
    {
        var buffer = new TensorBuffer(IntPtr.Zero, new long[] { 0 }, (TensorElementType)type, BufferDevice.Cpu);
        var error = Assert.Throws<OnnxRuntimeException>(() => BoundValue.Over(buffer, OrtMemoryInfo.DefaultInstance).Release());
        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void OrtValue_ItAllocated_CannotBeRead(int type)
    {
        // What adopting an output ONNX Runtime allocated needs: the address of its memory (OutputRoutes.AddressOf).
        using OrtValue value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (TensorElementType)type, new long[] { 5 });
        var error = Assert.Throws<OnnxRuntimeException>(() => OutputRoutes.AddressOf(value));
        Assert.Contains("not registered", error.Message, StringComparison.Ordinal);
    }

    // x of `from` → Cast → y of `to`, over a symbolic length.
    private static byte[] CastModel(int from, int to) => LowPrecisionModels.Bytes(ModelBuilder.Model(
        new[] { ModelBuilder.Tensor("x", from, "n") },
        new[] { ModelBuilder.Tensor("y", to, "n") },
        new[] { ModelBuilder.Node("Cast", new[] { "x" }, new[] { "y" }, LowPrecisionModels.To(to)) },
        opset: LowPrecisionModels.Opset));
}
