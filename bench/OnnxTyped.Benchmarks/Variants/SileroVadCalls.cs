using OnnxTyped.Benchmarks.Models;
using TorchSharp;

namespace OnnxTyped.Benchmarks.Variants;

/// <summary>
/// The generated <see cref="SileroVad"/> class on one 512-sample frame. <see cref="Run"/> feeds the same state
/// every call; <see cref="RunInto"/> streams as a caller would, the state ping-ponging between two tensors
/// (each call reads one and writes the other).
/// </summary>
internal sealed class SileroVadCalls : IGeneratedModelCalls
{
    private readonly SileroVad _model;
    private readonly torch.Tensor _input;
    private readonly torch.Tensor _state;
    private readonly torch.Tensor _sampleRate;
    private readonly torch.Tensor _output;
    private torch.Tensor _stateRead;
    private torch.Tensor _stateWritten;

    public SileroVadCalls(BenchmarkModel model)
    {
        _model = new SileroVad(model.Session);
        (_input, _state, _sampleRate) = (model.Inputs[0], model.Inputs[1], model.Inputs[2]);
        _output = torch.empty(model.OutputShapes[0]);
        _stateRead = _state.clone();
        _stateWritten = torch.empty(model.OutputShapes[1]);
    }

    public void Run()
    {
        using SileroVad.TorchOutputs outputs = _model.Run(_input, _state, _sampleRate);
    }

    public void RunInto()
    {
        _model.RunInto(_input, _stateRead, _sampleRate, _output, _stateWritten);
        (_stateRead, _stateWritten) = (_stateWritten, _stateRead);
    }

    public float[][] RunOnce()
    {
        using SileroVad.TorchOutputs outputs = _model.Run(_input, _state, _sampleRate);
        return new[] { ManagedArrays.FloatsOf(outputs.Output), ManagedArrays.FloatsOf(outputs.StateN) };
    }

    public float[][] RunIntoOnce()
    {
        _stateRead.copy_(_state);
        _model.RunInto(_input, _stateRead, _sampleRate, _output, _stateWritten);
        float[][] outputs = { ManagedArrays.FloatsOf(_output), ManagedArrays.FloatsOf(_stateWritten) };
        _stateRead.copy_(_state);
        return outputs;
    }

    public void Dispose()
    {
        _output.Dispose();
        _stateRead.Dispose();
        _stateWritten.Dispose();
        _model.Dispose();
    }
}
