using OnnxTyped.Benchmarks.Models;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>The generated <see cref="TinyMlp"/> class on the benchmark's input <c>x[1, 64]</c>.</summary>
internal sealed class TinyMlpCalls : IGeneratedModelCalls
{
    private readonly TinyMlp _model;
    private readonly torch.Tensor _x;
    private readonly torch.Tensor _y;
    private readonly OnnxTensor<float> _typedX;
    private readonly OnnxTensor<float> _typedY;

    public TinyMlpCalls(BenchmarkModel model)
    {
        _model = new TinyMlp(model.Session);
        _x = model.Inputs[0];
        _y = torch.empty(model.OutputShapes[0]);
        _typedX = TypedTensors.Copy<float>(model.InputArrays[0], model.InputShapes[0]);
        _typedY = OnnxTensor<float>.Allocate(model.OutputShapes[0]);
    }

    public void Run()
    {
        using TinyMlp.TorchOutputs outputs = _model.RunTorch(_x);
    }

    public void RunInto() => _model.RunInto(_x, _y);

    public float[][] RunOnce()
    {
        using TinyMlp.TorchOutputs outputs = _model.RunTorch(_x);
        return new[] { ManagedArrays.FloatsOf(outputs.Y) };
    }

    public float[][] RunIntoOnce()
    {
        RunInto();
        return new[] { ManagedArrays.FloatsOf(_y) };
    }

    public void TypedRun()
    {
        using TinyMlp.Outputs outputs = _model.Run(_typedX);
    }

    public void TypedRunInto() => _model.RunInto(_typedX, _typedY);

    public float[][] TypedRunOnce()
    {
        using TinyMlp.Outputs outputs = _model.Run(_typedX);
        return new[] { TypedTensors.Floats(outputs.Y) };
    }

    public float[][] TypedRunIntoOnce()
    {
        TypedRunInto();
        return new[] { TypedTensors.Floats(_typedY) };
    }

    public void Dispose()
    {
        _typedX.Dispose();
        _typedY.Dispose();
        _y.Dispose();
        _model.Dispose();
    }
}
