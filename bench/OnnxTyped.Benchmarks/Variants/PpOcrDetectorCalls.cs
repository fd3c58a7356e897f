using OnnxTyped.Benchmarks.Models;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>The generated <see cref="PpOcrDetector"/> class on one 1×3×640×640 image (a 1×1×640×640 map out).</summary>
internal sealed class PpOcrDetectorCalls : IGeneratedModelCalls
{
    private readonly PpOcrDetector _model;
    private readonly torch.Tensor _image;
    private readonly torch.Tensor _map;

    public PpOcrDetectorCalls(BenchmarkModel model)
    {
        _model = new PpOcrDetector(model.Session);
        _image = model.Inputs[0];
        _map = torch.empty(model.OutputShapes[0]);
    }

    public void Run()
    {
        using PpOcrDetector.TorchOutputs outputs = _model.Run(_image);
    }

    public void RunInto() => _model.RunInto(_image, _map);

    public float[][] RunOnce()
    {
        using PpOcrDetector.TorchOutputs outputs = _model.Run(_image);
        return new[] { ManagedArrays.FloatsOf(outputs.Sigmoid0Tmp0) };
    }

    public float[][] RunIntoOnce()
    {
        RunInto();
        return new[] { ManagedArrays.FloatsOf(_map) };
    }

    public void Dispose()
    {
        _map.Dispose();
        _model.Dispose();
    }
}
