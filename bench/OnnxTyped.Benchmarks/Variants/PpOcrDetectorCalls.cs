using OnnxTyped.Benchmarks.Models;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>The generated <see cref="PpOcrDetector"/> class on one 1×3×640×640 image (a 1×1×640×640 map out).</summary>
internal sealed class PpOcrDetectorCalls : IGeneratedModelCalls
{
    private readonly PpOcrDetector _model;
    private readonly torch.Tensor _image;
    private readonly torch.Tensor _map;
    private readonly OnnxTensor<float> _typedImage;
    private readonly OnnxTensor<float> _typedMap;

    public PpOcrDetectorCalls(BenchmarkModel model)
    {
        _model = new PpOcrDetector(model.Session);
        _image = model.Inputs[0];
        _map = torch.empty(model.OutputShapes[0]);
        _typedImage = TypedTensors.Copy<float>(model.InputArrays[0], model.InputShapes[0]);
        _typedMap = OnnxTensor<float>.Allocate(model.OutputShapes[0]);
    }

    public void Run()
    {
        using PpOcrDetector.TorchOutputs outputs = _model.RunTorch(_image);
    }

    public void RunInto() => _model.RunInto(_image, _map);

    public float[][] RunOnce()
    {
        using PpOcrDetector.TorchOutputs outputs = _model.RunTorch(_image);
        return new[] { ManagedArrays.FloatsOf(outputs.Sigmoid0Tmp0) };
    }

    public float[][] RunIntoOnce()
    {
        RunInto();
        return new[] { ManagedArrays.FloatsOf(_map) };
    }

    public void TypedRun()
    {
        using PpOcrDetector.Outputs outputs = _model.Run(_typedImage);
    }

    public void TypedRunInto() => _model.RunInto(_typedImage, _typedMap);

    public float[][] TypedRunOnce()
    {
        using PpOcrDetector.Outputs outputs = _model.Run(_typedImage);
        return new[] { TypedTensors.Floats(outputs.Sigmoid0Tmp0) };
    }

    public float[][] TypedRunIntoOnce()
    {
        TypedRunInto();
        return new[] { TypedTensors.Floats(_typedMap) };
    }

    public void Dispose()
    {
        _typedImage.Dispose();
        _typedMap.Dispose();
        _map.Dispose();
        _model.Dispose();
    }
}
