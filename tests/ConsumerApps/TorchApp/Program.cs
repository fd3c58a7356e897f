using System;
using System.IO;
using System.Linq;
using ConsumerApps;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;

namespace TorchApp;

/// <summary>Runs models through the generated classes on torch tensors and through plain ONNX Runtime, and compares.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["externalize", string source, string target])
        {
            // ONNX Runtime writes the model it loaded, initializers of 1 KiB or more in <target>.data beside it.
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, OptimizedModelFilePath = target };
            options.AddSessionConfigEntry("session.optimized_model_external_initializers_file_name", Path.GetFileName(target) + ".data");
            options.AddSessionConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", "1024");
            using var session = new InferenceSession(source, options);
            return 0;
        }
        bool same = CompareSilero(args[0]);
#if EXTERNAL_DATA
        same &= CompareExternal(args[1]);
#endif
        return same ? 0 : 1;
    }

    private static bool CompareSilero(string modelPath)
    {
        float[] samples = PlainSilero.Frame();
        using var vad = Models.Vad.Load();
        using torch.Tensor input = torch.tensor(samples).reshape(1, 512), state = torch.zeros(2, 1, 128), sr = torch.tensor(16000L);
        using Models.Vad.TorchOutputs result = vad.RunTorch(input, state, sr);
        var plain = PlainSilero.Run(modelPath, samples);
        return PlainSilero.Same("silero output", plain["output"], Values(result.Output), result.Output.shape)
             & PlainSilero.Same("silero stateN", plain["stateN"], Values(result.StateN), result.StateN.shape);
    }

#if EXTERNAL_DATA
    private static bool CompareExternal(string modelPath)
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "external", "cls.onnx.data");
        Console.WriteLine($"external data beside the copied model: {File.Exists(copied)}");
        float[] pixels = Enumerable.Range(0, 3 * 48 * 192).Select(i => (i % 251) / 251f - 0.5f).ToArray();
        using var classifier = Models.DirectionClassifier.Load();
        using torch.Tensor x = torch.tensor(pixels).reshape(1, 3, 48, 192);
        using Models.DirectionClassifier.TorchOutputs result = classifier.RunTorch(x);

        using var session = new InferenceSession(modelPath);
        using var plain = session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(pixels, new[] { 1, 3, 48, 192 })) });
        Tensor<float> expected = plain.Single().AsTensor<float>();
        return File.Exists(copied) & PlainSilero.Same("external-data classifier",
            (expected.ToArray(), expected.Dimensions.ToArray().Select(d => (long)d).ToArray()), Values(result.Softmax0Tmp0), result.Softmax0Tmp0.shape);
    }
#endif

    private static float[] Values(torch.Tensor tensor) => tensor.cpu().contiguous().data<float>().ToArray();
}
