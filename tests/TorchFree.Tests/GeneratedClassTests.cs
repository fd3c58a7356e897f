using System;
using System.Linq;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TorchFree.Tests.Generated;
using Xunit;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// Issue 18's "done when": in a project that references no TorchSharp package, <c>&lt;OnnxModel&gt;</c> items give
/// classes whose typed <c>Run</c> runs Silero and PP-OCR equal to plain ONNX Runtime, element by element.
/// </summary>
public sealed class GeneratedClassTests
{
    [Fact]
    public void Silero_ThroughTheGeneratedTypedRun_EqualsPlainRun_FrameAfterFrame()
    {
        using SileroVad vad = SileroVad.Load();
        using InferenceSession plain = Models.Open(Models.SileroVad);
        var random = new Random(21);
        using OnnxTensor<long> sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        OnnxTensor<float> state = OnnxTensor<float>.Allocate(2, 1, 128);
        for (int frame = 0; frame < 4; frame++)
        {
            float[] samples = new float[512];
            for (int i = 0; i < samples.Length; i++) samples[i] = (float)Math.Sin(i * (frame + 1) * 0.05) * 0.3f + (float)(random.NextDouble() - 0.5) * 0.01f;
            using OnnxTensor<float> input = OnnxTensor<float>.FromArray(samples, 1, 512);
            using SileroVad.Outputs result = vad.Run(input, state, sr);
            PlainRun.AssertSame(plain, new OnnxTensor[] { input, state, sr }, new OnnxTensor[] { result.Output, result.StateN });
            state.Dispose();
            state = result.Take(result.StateN);
        }
        state.Dispose();
    }

    [Fact]
    public void PpOcrDetector_ThroughTheGeneratedTypedRun_EqualsPlainRun()
    {
        using PpOcrDetector detector = PpOcrDetector.Load();
        using InferenceSession plain = Models.Open(Models.PpOcrDet);
        var random = new Random(4);
        float[] image = new float[1 * 3 * 96 * 128];
        for (int i = 0; i < image.Length; i++) image[i] = (float)(random.NextDouble() * 2 - 1);
        using OnnxTensor<float> x = OnnxTensor<float>.FromArray(image, 1, 3, 96, 128);
        for (int call = 0; call < 2; call++)
        {
            using PpOcrDetector.Outputs result = detector.Run(x);
            OnnxTensor output = (OnnxTensor)typeof(PpOcrDetector.Outputs).GetProperties().Single(p => typeof(OnnxTensor).IsAssignableFrom(p.PropertyType)).GetValue(result)!;
            PlainRun.AssertSame(plain, new OnnxTensor[] { x }, new[] { output });
        }
    }

    [Fact]
    public void TheGeneratedClasses_HaveNoTorchMember()
    {
        foreach (Type generated in new[] { typeof(SileroVad), typeof(PpOcrDetector) })
        {
            MemberInfo[] members = generated.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
            Assert.DoesNotContain(members, m => m.Name is "TorchDevice" or "TorchOutputs" or "RunTorch");
            Assert.All(generated.GetMethods().SelectMany(m => m.GetParameters()), p => Assert.DoesNotContain("TorchSharp", p.ParameterType.FullName ?? ""));
        }
    }
}
