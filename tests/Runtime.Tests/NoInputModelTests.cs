using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// A model without inputs (its output is a constant) has one outcome on every entry point: it runs once, on the CPU,
/// whatever the batch size limits, and gives plain ONNX Runtime's values.
/// </summary>
public sealed class NoInputModelTests
{
    private static readonly float[] Values = { 1.5f, -2f, 3.25f, 0f, 7f, -0.5f };

    private static byte[] ConstantModel() => ModelBuilder.Build(
        System.Array.Empty<Onnx.ValueInfoProto>(),
        new[] { ModelBuilder.Tensor("y", TensorElementType.Float, 2, 3) },
        new[] { ModelBuilder.Node("Constant", System.Array.Empty<string>(), new[] { "y" }, ModelBuilder.TensorAttribute("value", ModelBuilder.FloatTensor("c", new long[] { 2, 3 }, Values))) });

    private static void AssertConstant(long[] shape, float[] values)
    {
        Assert.Equal(new long[] { 2, 3 }, shape);
        Assert.Equal(Values, values);
    }

    [Fact]
    public void EveryEntryPoint_RunsOnceOnTheCpu_EqualToPlainRun()
    {
        using InferenceSession session = TestSessions.Open(ConstantModel());
        List<PlainTensor> plain = PlainOnnxRun.Outputs(session, new Dictionary<string, PlainTensor>());
        Assert.Equal(Values, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(plain[0].Bytes).ToArray());

        foreach (IReadOnlyList<torch.Tensor> outputs in new[]
                 {
                     session.RunViaIoBinding(new Dictionary<string, torch.Tensor>()),
                     session.RunWithBatchSizeLimit(new Dictionary<string, torch.Tensor>(), maxBatchSize: 2, minBatchSize: 2),
                 })
        {
            using torch.Tensor y = outputs.Single();
            Assert.Equal(DeviceType.CPU, y.device_type);
            AssertConstant(y.shape, y.data<float>().ToArray());
        }

        var model = new ModelSession(session, ModelSignature.Of(session)) { MaxBatchSize = 1 };
        using var bound = new BoundSession(model) { MinBatchSize = 1 };
        using (torch.Tensor y = bound.Run(System.ReadOnlySpan<torch.Tensor>.Empty).Single())
            AssertConstant(y.shape, y.data<float>().ToArray());
        using (var y = (OnnxTensor<float>)model.Run(System.ReadOnlySpan<OnnxTensor>.Empty).Single())
            AssertConstant(y.Shape.ToArray(), y.ToArray());
    }
}
