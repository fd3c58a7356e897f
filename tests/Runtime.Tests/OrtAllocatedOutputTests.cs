using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// How outputs that ONNX Runtime allocated reach torch: adopted without a copy and released with the tensor, or,
/// when the memory cannot be tracked uniquely, copied on the same device. The adoption count is process-wide, so
/// these run apart from every other test.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OrtAllocatedOutputTests
{
    [Fact]
    public void DataDependentOutput_IsAdoptedWithoutACopy_AndReleasedWithTheTensor()
    {
        using InferenceSession session = TestSessions.Open(DtypeAndShapeTests.NonZero());
        using torch.Tensor x = torch.tensor(new float[] { 0, 3, 0, 7 });
        int before = TensorMemory.AdoptedCount;

        IReadOnlyList<torch.Tensor> outputs = session.RunViaIoBinding(new Dictionary<string, torch.Tensor> { ["x"] = x });

        Assert.Equal(before + 1, TensorMemory.AdoptedCount); // torch holds ONNX Runtime's buffer
        Assert.Equal(new long[] { 1, 3 }, outputs[0].data<long>().ToArray());
        outputs[0].Dispose();
        Assert.Equal(before, TensorMemory.AdoptedCount);     // the OrtValue was released with the tensor
    }

    [Fact]
    public void SecondValueOverTheSameMemory_IsCopied_WithItsValues()
    {
        // Two OrtValues over one buffer: the first is adopted, the second cannot be tracked by its address and is copied.
        float[] data = { 1.5f, -2f, 3.25f, 4f, -5.5f, 6f };
        int before = TensorMemory.AdoptedCount;
        torch.Tensor first = TensorMemory.Adopt(NativeLedger.Owned(OrtValue.CreateTensorValueFromMemory(data, new long[] { 2, 3 })), new long[] { 2, 3 }, torch.ScalarType.Float32);
        torch.Tensor second = TensorMemory.Adopt(NativeLedger.Owned(OrtValue.CreateTensorValueFromMemory(data, new long[] { 2, 3 })), new long[] { 2, 3 }, torch.ScalarType.Float32);
        try
        {
            Assert.Equal(before + 1, TensorMemory.AdoptedCount);
            Assert.Equal(new long[] { 2, 3 }, second.shape);
            Assert.Equal(data, second.data<float>().ToArray());
            data[0] = 100f;                                   // the adopted tensor is the buffer, the copy is not
            Assert.Equal(100f, first.data<float>()[0]);
            Assert.Equal(1.5f, second.data<float>()[0]);
        }
        finally
        {
            first.Dispose();
            second.Dispose();
        }
        Assert.Equal(before, TensorMemory.AdoptedCount);
    }

    [Fact]
    public void EmptyValue_BecomesAnEmptyTensorOfItsShape()
    {
        torch.Tensor empty = TensorMemory.Adopt(NativeLedger.Owned(OrtValue.CreateTensorValueFromMemory(new float[0], new long[] { 0, 3 })), new long[] { 0, 3 }, torch.ScalarType.Float32);
        using (empty)
        {
            Assert.Equal(new long[] { 0, 3 }, empty.shape);
            Assert.Equal(torch.ScalarType.Float32, empty.dtype);
        }
    }
}
