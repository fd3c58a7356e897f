using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Benchmarks.Variants;
using OnnxTyped.TestModels;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Models;

/// <summary>
/// One model as the run benchmarks call it: its file, a session with the benchmark settings, one fixed
/// set of inputs (as torch tensors and as managed copies, in model order), and the outputs the classic
/// <c>NamedOnnxValue</c> API returns for them, which every variant must reproduce bit for bit.
/// </summary>
internal sealed class BenchmarkModel : IDisposable
{
    private BenchmarkModel(string name, string path, torch.Tensor[] inputs)
    {
        Name = name;
        Path = path;
        Session = BenchmarkSessionOptions.Open(path);
        InputNames = Session.InputNames.ToArray();
        OutputNames = Session.OutputNames.ToArray();
        Inputs = inputs;
        InputArrays = inputs.Select(ManagedArrays.CopyOf).ToArray();
        InputShapes = inputs.Select(t => t.shape).ToArray();
        using var classic = new NamedOnnxValueCall(Session, InputNames, InputArrays, InputShapes, OutputNames);
        ClassicOutputs = classic.CallOnce(out long[][] outputShapes);
        OutputShapes = outputShapes;
    }

    public string Name { get; }

    /// <summary>The model file (ML.NET opens its own session from it).</summary>
    public string Path { get; }

    public InferenceSession Session { get; }

    public string[] InputNames { get; }

    public string[] OutputNames { get; }

    /// <summary>The inputs in model order, as torch tensors (owned here).</summary>
    public torch.Tensor[] Inputs { get; }

    /// <summary>Copies of <see cref="Inputs"/> as managed arrays (<c>float[]</c> or <c>long[]</c>).</summary>
    public Array[] InputArrays { get; }

    public long[][] InputShapes { get; }

    /// <summary>The outputs of the classic API for these inputs: the reference every variant is checked against.</summary>
    public float[][] ClassicOutputs { get; }

    public long[][] OutputShapes { get; }

    /// <summary>Opens the model named <paramref name="name"/> (see <see cref="BenchmarkModelName"/>) with fixed inputs.</summary>
    public static BenchmarkModel Open(string name)
    {
        torch.manual_seed(0);
        switch (name)
        {
            case BenchmarkModelName.TinyMlp:
                TinyMlpFile.EnsureCurrent();
                return new BenchmarkModel(name, TinyMlpFile.Path, new[] { torch.rand(1, 64) });
            case BenchmarkModelName.SileroVad:
                return new BenchmarkModel(name, RepoModels.SileroVad,
                    new[] { torch.rand(1, 512) - 0.5, torch.rand(2, 1, 128) * 0.1, torch.tensor(16000L) });
            case BenchmarkModelName.PpOcrDetector:
                return new BenchmarkModel(name, RepoModels.PpOcrDet, new[] { torch.rand(1, 3, 640, 640) });
            default:
                throw new ArgumentException($"Unknown benchmark model '{name}'.", nameof(name));
        }
    }

    /// <summary>The element type ONNX Runtime sees for input <paramref name="index"/>.</summary>
    public TensorElementType InputElementType(int index) => ManagedArrays.ElementType(InputArrays[index]);

    /// <summary>The inputs by name, as <see cref="InferenceSessionExtensions.RunViaIoBinding"/> takes them.</summary>
    public IReadOnlyDictionary<string, torch.Tensor> InputsByName() =>
        InputNames.Select((name, i) => (name, tensor: Inputs[i])).ToDictionary(p => p.name, p => p.tensor);

    public void Dispose()
    {
        foreach (torch.Tensor input in Inputs) input.Dispose();
        Session.Dispose();
    }
}
