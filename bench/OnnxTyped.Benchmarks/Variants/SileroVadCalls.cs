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
    private readonly OnnxTensor<float> _typedInput;
    private readonly OnnxTensor<float> _typedState;
    private readonly OnnxTensor<long> _typedSampleRate;
    private readonly OnnxTensor<float> _typedOutput;
    private OnnxTensor<float> _typedStateRead;
    private OnnxTensor<float> _typedStateWritten;

    public SileroVadCalls(BenchmarkModel model)
    {
        _model = new SileroVad(model.Session);
        (_input, _state, _sampleRate) = (model.Inputs[0], model.Inputs[1], model.Inputs[2]);
        _output = torch.empty(model.OutputShapes[0]);
        _stateRead = _state.clone();
        _stateWritten = torch.empty(model.OutputShapes[1]);
        _typedInput = TypedTensors.Copy<float>(model.InputArrays[0], model.InputShapes[0]);
        _typedState = TypedTensors.Copy<float>(model.InputArrays[1], model.InputShapes[1]);
        _typedSampleRate = TypedTensors.Copy<long>(model.InputArrays[2], model.InputShapes[2]);
        _typedOutput = OnnxTensor<float>.Allocate(model.OutputShapes[0]);
        _typedStateRead = TypedTensors.Copy<float>(model.InputArrays[1], model.InputShapes[1]);
        _typedStateWritten = OnnxTensor<float>.Allocate(model.OutputShapes[1]);
    }

    public void Run()
    {
        using SileroVad.TorchOutputs outputs = _model.RunTorch(_input, _state, _sampleRate);
    }

    public void RunInto()
    {
        _model.RunInto(_input, _stateRead, _sampleRate, _output, _stateWritten);
        (_stateRead, _stateWritten) = (_stateWritten, _stateRead);
    }

    public float[][] RunOnce()
    {
        using SileroVad.TorchOutputs outputs = _model.RunTorch(_input, _state, _sampleRate);
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

    public void TypedRun()
    {
        using SileroVad.Outputs outputs = _model.Run(_typedInput, _typedState, _typedSampleRate);
    }

    public void TypedRunInto()
    {
        _model.RunInto(_typedInput, _typedStateRead, _typedSampleRate, _typedOutput, _typedStateWritten);
        (_typedStateRead, _typedStateWritten) = (_typedStateWritten, _typedStateRead);
    }

    public float[][] TypedRunOnce()
    {
        using SileroVad.Outputs outputs = _model.Run(_typedInput, _typedState, _typedSampleRate);
        return new[] { TypedTensors.Floats(outputs.Output), TypedTensors.Floats(outputs.StateN) };
    }

    public float[][] TypedRunIntoOnce()
    {
        _typedState.Span.CopyTo(_typedStateRead.Span);
        _model.RunInto(_typedInput, _typedStateRead, _typedSampleRate, _typedOutput, _typedStateWritten);
        float[][] outputs = { TypedTensors.Floats(_typedOutput), TypedTensors.Floats(_typedStateWritten) };
        _typedState.Span.CopyTo(_typedStateRead.Span);
        return outputs;
    }

    public void Dispose()
    {
        _typedInput.Dispose();
        _typedState.Dispose();
        _typedSampleRate.Dispose();
        _typedOutput.Dispose();
        _typedStateRead.Dispose();
        _typedStateWritten.Dispose();
        _output.Dispose();
        _stateRead.Dispose();
        _stateWritten.Dispose();
        _model.Dispose();
    }
}
