using System;
using System.Threading;
using System.Threading.Tasks;
using OnnxTyped;

namespace InferenceService;

/// <summary>
/// One request's stream through Silero VAD: 512-sample frames with the 64 samples before each in front (as Silero's own
/// wrapper does), the recurrent state carried from frame to frame in two tensors used in turn. Each frame is an awaited
/// <c>RunIntoAsync</c>, so while one request waits for its frame's result, other requests' frames join the same batch.
/// </summary>
internal sealed class VoiceActivityStream : IDisposable
{
    public const int FrameSamples = 512;
    private const int ContextSamples = 64;

    private readonly VoiceActivityDetector _model;
    private readonly float[] _window = new float[ContextSamples + FrameSamples];
    private readonly OnnxTensor<float> _input;
    private readonly OnnxTensor<long> _sampleRate = OnnxTensor<long>.FromArray(new[] { (long)WaveData.SampleRate });
    private readonly OnnxTensor<float> _probability = OnnxTensor<float>.Allocate(1, 1);
    private OnnxTensor<float> _state = OnnxTensor<float>.Allocate(2, 1, 128);
    private OnnxTensor<float> _nextState = OnnxTensor<float>.Allocate(2, 1, 128);

    public VoiceActivityStream(VoiceActivityDetector model)
    {
        _model = model;
        _input = OnnxTensor<float>.FromArray(_window, 1, ContextSamples + FrameSamples);
    }

    /// <summary>Runs one frame (at most <see cref="FrameSamples"/> samples; a shorter last one is padded with silence) and returns its speech probability.</summary>
    public async ValueTask<float> NextAsync(ReadOnlyMemory<float> frame, CancellationToken cancellation)
    {
        Array.Copy(_window, FrameSamples, _window, 0, ContextSamples);
        Span<float> samples = _window.AsSpan(ContextSamples);
        frame.Span.CopyTo(samples);
        samples[frame.Length..].Clear();
        await _model.RunIntoAsync(_input, _state, _sampleRate, _probability, _nextState, cancellation);
        (_state, _nextState) = (_nextState, _state);
        return _probability.Span[0];
    }

    public void Dispose()
    {
        _nextState.Dispose();
        _state.Dispose();
        _probability.Dispose();
        _sampleRate.Dispose();
        _input.Dispose();
    }
}
