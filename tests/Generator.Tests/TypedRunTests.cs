using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Generator.Tests.Models;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The typed front-end of the classes the SDK compiler generated into this assembly: <c>Run</c> and <c>RunInto</c> on
/// <see cref="OnnxTensor{T}"/>s give what ONNX Runtime's plain <c>Run</c> gives, element by element, and share one
/// session with the torch members.
/// </summary>
public sealed class TypedRunTests
{
    [Fact]
    public void SileroTypedRunMatchesPlainOnnxRuntime()
    {
        float[] samples = Noise(512, seed: 1);
        using var model = SileroVad.Load();
        using var input = OnnxTensor<float>.FromArray(samples, 1, 512);
        using var state = OnnxTensor<float>.FromArray(new float[2 * 128], 2, 1, 128);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        using SileroVad.Outputs result = model.Run(input, state, sr);

        Dictionary<string, (float[] Data, int[] Shape)> expected = RunPlain(RepoModels.SileroVad,
            NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(samples, new[] { 1, 512 })),
            NamedOnnxValue.CreateFromTensor("state", new DenseTensor<float>(new float[2 * 128], new[] { 2, 1, 128 })),
            NamedOnnxValue.CreateFromTensor("sr", new DenseTensor<long>(new[] { 16000L }, Array.Empty<int>())));
        AssertSame(expected["output"], result.Output);
        AssertSame(expected["stateN"], result.StateN);
        Assert.Null(model.Device);
    }

    [Fact]
    public void SileroTypedRunInto_StreamsWithTheStatePingPonging_LikePlainOnnxRuntime()
    {
        using var model = new SileroVad(RepoModels.SileroVad, BufferDevice.Cpu);
        Assert.Equal(BufferDevice.Cpu, model.Device);
        float[] frame = new float[512];
        using var input = OnnxTensor<float>.FromArray(frame, 1, 512);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        using var probability = OnnxTensor<float>.Allocate(1, 1);
        OnnxTensor<float> state = OnnxTensor<float>.Allocate(2, 1, 128), next = OnnxTensor<float>.Allocate(2, 1, 128);
        float[] plainState = new float[2 * 128];
        try
        {
            for (int i = 0; i < 4; i++)
            {
                Noise(512, seed: 10 + i).CopyTo(frame, 0);      // the input tensor reads the caller's array
                model.RunInto(input, state, sr, probability, next);

                Dictionary<string, (float[] Data, int[] Shape)> expected = RunPlain(RepoModels.SileroVad,
                    NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(frame.ToArray(), new[] { 1, 512 })),
                    NamedOnnxValue.CreateFromTensor("state", new DenseTensor<float>(plainState, new[] { 2, 1, 128 })),
                    NamedOnnxValue.CreateFromTensor("sr", new DenseTensor<long>(new[] { 16000L }, Array.Empty<int>())));
                AssertSame(expected["output"], probability);
                AssertSame(expected["stateN"], next);
                plainState = expected["stateN"].Data;
                (state, next) = (next, state);
            }
        }
        finally
        {
            state.Dispose();
            next.Dispose();
        }
    }

    [Fact]
    public void PaddleOcrTypedRunMatchesPlainOnnxRuntime()
    {
        float[] pixels = Noise(3 * 64 * 64, seed: 2);
        using var session = new InferenceSession(RepoModels.PpOcrDet);
        using var model = new ChPPOCRv4DetInfer(session);
        using var x = OnnxTensor<float>.FromArray(pixels, 1, 3, 64, 64);
        using ChPPOCRv4DetInfer.Outputs result = model.Run(x);

        Dictionary<string, (float[] Data, int[] Shape)> expected = RunPlain(RepoModels.PpOcrDet,
            NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(pixels, new[] { 1, 3, 64, 64 })));
        AssertSame(expected["sigmoid_0.tmp_0"], result.Sigmoid0Tmp0);
        Assert.Same(session, model.Session);
    }

    [Fact]
    public void TakenTypedOutput_OutlivesItsOutputs_KeepsItsElementType_TheRestIsDisposed()
    {
        using var model = SileroVad.Load();
        using var input = OnnxTensor<float>.FromArray(new float[512], 1, 512);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        OnnxTensor<float> state = OnnxTensor<float>.FromArray(new float[2 * 128], 2, 1, 128);
        OnnxTensor<float> probability;
        for (int frame = 0; frame < 3; frame++)
        {
            using SileroVad.Outputs result = model.Run(input, state, sr);
            state.Dispose();
            state = result.Take(result.StateN);
            probability = result.Output;
            Assert.Throws<ArgumentException>(() => result.Take(input));
        }
        Assert.Equal(new long[] { 2, 1, 128 }, state.Shape.ToArray());   // still alive after its Outputs was disposed
        Assert.False(state.IsDisposed);
        state.Dispose();
    }

    [Fact]
    public void TakeAfterItsOutputsWereDisposed_ThrowsNamingTheOutput_OnBothFrontEnds()
    {
        // Take after Dispose used to hand over a tensor already disposed; the error came at its first read, far away.
        using var model = SileroVad.Load();
        using var input = OnnxTensor<float>.FromArray(new float[512], 1, 512);
        using var state = OnnxTensor<float>.FromArray(new float[2 * 128], 2, 1, 128);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        SileroVad.Outputs typed = model.Run(input, state, sr);
        typed.Dispose();
        var error = Assert.Throws<ObjectDisposedException>(() => typed.Take(typed.StateN));
        Assert.Contains("Output 'stateN' was disposed with its Outputs object", error.Message);
        Assert.Equal("SileroVad.Outputs", error.ObjectName);

        using torch.Tensor torchInput = torch.zeros(1, 512), torchState = torch.zeros(2, 1, 128), torchSr = torch.tensor(16000L);
        SileroVad.TorchOutputs viaTorch = model.RunTorch(torchInput, torchState, torchSr);
        viaTorch.Dispose();
        Assert.Contains("Output 'output' was disposed with its TorchOutputs object",
            Assert.Throws<ObjectDisposedException>(() => viaTorch.Take(viaTorch.Output)).Message);
    }

    [Fact]
    public void RunIntoWithAWrongOutput_NamesItsGeneratedParameter_OnBothFrontEnds()
    {
        // The runtime sees one array of outputs; the caller passed "stateN", so the error is named after it (issue 25, M4).
        using var model = SileroVad.Load();
        using var input = OnnxTensor<float>.FromArray(new float[512], 1, 512);
        using var state = OnnxTensor<float>.FromArray(new float[2 * 128], 2, 1, 128);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        using var output = OnnxTensor<float>.Allocate(1, 1);
        using var wrongState = OnnxTensor<float>.Allocate(2, 1, 64);
        var typed = Assert.Throws<OnnxOutputException>(() => model.RunInto(input, state, sr, output, wrongState));
        Assert.Equal("stateN", typed.ParamName);
        Assert.Equal("stateN", typed.OutputName);
        Assert.Contains("Output 'stateN' has shape [2, 1, 64]", typed.Message);

        using torch.Tensor torchInput = torch.zeros(1, 512), torchState = torch.zeros(2, 1, 128), torchSr = torch.tensor(16000L);
        using torch.Tensor torchOutput = torch.empty(3, 1), torchNext = torch.empty(2, 1, 128);
        var viaTorch = Assert.Throws<OnnxOutputException>(() => model.RunInto(torchInput, torchState, torchSr, torchOutput, torchNext));
        Assert.Equal("output", viaTorch.ParamName);
        Assert.Contains("Output 'output' has shape [3, 1]", viaTorch.Message);
    }

    [Fact]
    public void BothFrontEnds_RunOneSession_AndDisposeTogether()
    {
        float[] samples = Noise(512, seed: 4);
        var model = SileroVad.Load();
        using var input = OnnxTensor<float>.FromArray(samples, 1, 512);
        using var state = OnnxTensor<float>.FromArray(new float[2 * 128], 2, 1, 128);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        using torch.Tensor torchInput = torch.tensor(samples).reshape(1, 512), torchState = torch.zeros(2, 1, 128), torchSr = torch.tensor(16000L);
        using (SileroVad.Outputs typed = model.Run(input, state, sr))
        using (SileroVad.TorchOutputs viaTorch = model.RunTorch(torchInput, torchState, torchSr))
        {
            Assert.Equal(viaTorch.StateN.data<float>().ToArray(), typed.StateN.ToArray());
            Assert.Equal(viaTorch.Output.data<float>().ToArray(), typed.Output.ToArray());
        }
        Assert.Null(model.TorchDevice);

        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.Run(input, state, sr));
        Assert.Throws<ObjectDisposedException>(() => model.RunTorch(torchInput, torchState, torchSr));
    }

    [Fact]
    public void TorchDeviceConstructor_SetsBothDevices()
    {
        using var model = SileroVad.Load(torch.CPU);
        Assert.Equal(DeviceType.CPU, model.TorchDevice!.type);
        Assert.Equal(BufferDevice.Cpu, model.Device);
        using var input = OnnxTensor<float>.FromArray(new float[512], 1, 512);
        using var state = OnnxTensor<float>.FromArray(new float[2 * 128], 2, 1, 128);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        using SileroVad.Outputs result = model.Run(input, state, sr);
        Assert.Equal(new long[] { 1, 1 }, result.Output.Shape.ToArray());
    }

    internal static Dictionary<string, (float[] Data, int[] Shape)> RunPlain(string path, params NamedOnnxValue[] inputs)
    {
        using var session = new InferenceSession(path);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run(inputs);
        return outputs.ToDictionary(o => o.Name, o =>
        {
            Tensor<float> tensor = o.AsTensor<float>();
            return (tensor.ToArray(), tensor.Dimensions.ToArray());
        });
    }

    internal static void AssertSame((float[] Data, int[] Shape) expected, OnnxTensor<float> actual)
    {
        Assert.Equal(expected.Shape.Select(d => (long)d), actual.Shape.ToArray());
        float[] data = actual.ToArray();
        Assert.Equal(expected.Data.Length, data.Length);
        for (int i = 0; i < data.Length; i++)
            Assert.True(expected.Data[i] == data[i], $"element {i}: ONNX Runtime gave {expected.Data[i]}, the typed Run gave {data[i]}");
    }

    internal static float[] Noise(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
