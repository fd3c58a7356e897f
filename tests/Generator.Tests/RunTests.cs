using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.Generator.Tests.Models;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// The generated <c>Run</c> on real sessions gives what ONNX Runtime's plain <c>Run</c> gives, element
/// by element: once through classes the SDK compiler generated into this assembly from the
/// <c>OnnxModel</c> items in the project file, once through code generated and compiled in memory.
/// </summary>
public sealed class RunTests
{
    [Fact]
    public void SileroFromTheProjectFileMatchesPlainOnnxRuntime()
    {
        float[] samples = Noise(512, seed: 1);
        using var model = SileroVad.Load();
        using torch.Tensor input = torch.tensor(samples).reshape(1, 512);
        using torch.Tensor state = torch.zeros(2, 1, 128);
        using torch.Tensor sr = torch.tensor(16000L);
        using SileroVad.TorchOutputs result = model.RunTorch(input, state, sr);

        Dictionary<string, (float[] Data, int[] Shape)> expected = RunPlain(RepoModels.SileroVad,
            NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(samples, new[] { 1, 512 })),
            NamedOnnxValue.CreateFromTensor("state", new DenseTensor<float>(new float[2 * 128], new[] { 2, 1, 128 })),
            NamedOnnxValue.CreateFromTensor("sr", new DenseTensor<long>(new[] { 16000L }, Array.Empty<int>())));
        AssertSame(expected["output"], result.Output);
        AssertSame(expected["stateN"], result.StateN);
        Assert.Equal(new[] { "input", "state", "sr" }, SileroVad.InputNames);
        Assert.Equal(new[] { "output", "stateN" }, SileroVad.OutputNames);
        Assert.Equal("[2, batch, 128]", SileroVad.StateInput.ShapeText);
    }

    [Fact]
    public void SileroRunInto_StreamsWithTheStatePingPonging_LikePlainOnnxRuntime()
    {
        // The streaming loop: stateN of one frame is the state of the next, in two caller-owned tensors used in turn.
        using var model = SileroVad.Load();
        using torch.Tensor input = torch.empty(1, 512), sr = torch.tensor(16000L), probability = torch.empty(1, 1);
        torch.Tensor state = torch.zeros(2, 1, 128), next = torch.empty(2, 1, 128);
        float[] plainState = new float[2 * 128];
        try
        {
            for (int frame = 0; frame < 4; frame++)
            {
                float[] samples = Noise(512, seed: 10 + frame);
                using (torch.Tensor fresh = torch.tensor(samples).reshape(1, 512)) input.copy_(fresh);
                model.RunInto(input, state, sr, probability, next);

                Dictionary<string, (float[] Data, int[] Shape)> expected = RunPlain(RepoModels.SileroVad,
                    NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(samples, new[] { 1, 512 })),
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
    public void TakenOutput_OutlivesItsOutputs_TheRestIsDisposed()
    {
        // The natural streaming loop: keep stateN past `using`, feed it to the next call.
        using var model = SileroVad.Load();
        using torch.Tensor input = torch.zeros(1, 512), sr = torch.tensor(16000L);
        torch.Tensor state = torch.zeros(2, 1, 128);
        torch.Tensor probability;
        for (int frame = 0; frame < 3; frame++)
        {
            using SileroVad.TorchOutputs result = model.RunTorch(input, state, sr);
            state.Dispose();
            state = result.Take(result.StateN);
            probability = result.Output;
            Assert.Throws<ArgumentException>(() => result.Take(input));
        }
        Assert.Equal(new long[] { 2, 1, 128 }, state.shape);      // still alive after its Outputs was disposed
        state.Dispose();
    }

    [Fact]
    public void PaddleOcrFromTheProjectFileMatchesPlainOnnxRuntime()
    {
        float[] pixels = Noise(3 * 64 * 64, seed: 2);
        using var session = new InferenceSession(RepoModels.PpOcrDet);
        using var model = new ChPPOCRv4DetInfer(session);
        using torch.Tensor x = torch.tensor(pixels).reshape(1, 3, 64, 64);
        using ChPPOCRv4DetInfer.TorchOutputs result = model.RunTorch(x);

        Dictionary<string, (float[] Data, int[] Shape)> expected = RunPlain(RepoModels.PpOcrDet,
            NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(pixels, new[] { 1, 3, 64, 64 })));
        AssertSame(expected["sigmoid_0.tmp_0"], result.Sigmoid0Tmp0);
        Assert.Same(session, model.Session);
    }

    [Fact]
    public void CodeGeneratedAndCompiledInMemoryMatchesPlainOnnxRuntime()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(RepoModels.PpOcrDet, ClassName: "Detector", Namespace: "InMemory"));
        Assert.Empty(outcome.GeneratorDiagnostics);
        using var image = new MemoryStream();
        EmitResult emitted = outcome.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        Assembly assembly = Assembly.Load(image.ToArray());
        Type detectorType = assembly.GetType("InMemory.Detector", throwOnError: true)!;

        float[] pixels = Noise(3 * 64 * 64, seed: 3);
        using var detector = (IDisposable)Activator.CreateInstance(detectorType, RepoModels.PpOcrDet, null, null)!;
        using torch.Tensor x = torch.tensor(pixels).reshape(1, 3, 64, 64);
        using var result = (IDisposable)detectorType.GetMethod("RunTorch", new[] { typeof(torch.Tensor) })!.Invoke(detector, new object[] { x })!;
        var output = (torch.Tensor)result.GetType().GetProperty("Sigmoid0Tmp0")!.GetValue(result)!;

        Dictionary<string, (float[] Data, int[] Shape)> expected = RunPlain(RepoModels.PpOcrDet,
            NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(pixels, new[] { 1, 3, 64, 64 })));
        AssertSame(expected["sigmoid_0.tmp_0"], output);
    }

    private static Dictionary<string, (float[] Data, int[] Shape)> RunPlain(string path, params NamedOnnxValue[] inputs)
    {
        using var session = new InferenceSession(path);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run(inputs);
        return outputs.ToDictionary(o => o.Name, o =>
        {
            Tensor<float> tensor = o.AsTensor<float>();
            return (tensor.ToArray(), tensor.Dimensions.ToArray());
        });
    }

    private static void AssertSame((float[] Data, int[] Shape) expected, torch.Tensor actual)
    {
        Assert.Equal(expected.Shape.Select(d => (long)d), actual.shape);
        float[] data = actual.cpu().contiguous().data<float>().ToArray();
        Assert.Equal(expected.Data.Length, data.Length);
        for (int i = 0; i < data.Length; i++)
            Assert.True(expected.Data[i] == data[i], $"element {i}: ONNX Runtime gave {expected.Data[i]}, the generated Run gave {data[i]}");
    }

    private static float[] Noise(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
