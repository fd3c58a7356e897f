using OnnxTyped.Benchmarks.Models;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>The generated <see cref="TinyMlp"/> class on the benchmark's input <c>x[1, 64]</c>.</summary>
internal sealed class TinyMlpCalls : IGeneratedModelCalls
{
    private readonly TinyMlp _model;
    private readonly torch.Tensor _x;
    private readonly torch.Tensor _y;

    public TinyMlpCalls(BenchmarkModel model)
    {
        _model = new TinyMlp(model.Session);
        _x = model.Inputs[0];
        _y = torch.empty(model.OutputShapes[0]);
    }

    public void Run()
    {
        using TinyMlp.TorchOutputs outputs = _model.Run(_x);
    }

    public void RunInto() => _model.RunInto(_x, _y);

    public float[][] RunOnce()
    {
        using TinyMlp.TorchOutputs outputs = _model.Run(_x);
        return new[] { ManagedArrays.FloatsOf(outputs.Y) };
    }

    public float[][] RunIntoOnce()
    {
        RunInto();
        return new[] { ManagedArrays.FloatsOf(_y) };
    }

    public void Dispose()
    {
        _y.Dispose();
        _model.Dispose();
    }
}
