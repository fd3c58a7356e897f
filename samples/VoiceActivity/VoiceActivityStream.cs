using System;
using TorchSharp;

namespace VoiceActivity;

/// <summary>
/// Streams 16 kHz audio through Silero VAD one 512-sample frame at a time, carrying the model's recurrent state from
/// frame to frame. Every tensor is made once: each frame is copied into the same input tensor and the generated
/// <see cref="SileroVad.RunInto(torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor)"/> writes into caller-owned outputs, so the loop allocates no tensor per frame.
/// </summary>
internal sealed class VoiceActivityStream : IDisposable
{
    /// <summary>The sample rate the model is run at.</summary>
    public const int SampleRate = 16000;

    /// <summary>Samples per frame: 32 ms at 16 kHz, the frame size Silero VAD is made for.</summary>
    public const int FrameSamples = 512;

    // Silero's own streaming wrapper puts the last 64 samples of the previous frame in front of each frame, and the
    // model was trained on such 576-sample windows; without them it is less sure of speech at frame edges.
    private const int ContextSamples = 64;

    private readonly SileroVad _model;
    private readonly float[] _window = new float[ContextSamples + FrameSamples];
    private readonly torch.Tensor _input = torch.zeros(1, ContextSamples + FrameSamples);
    private readonly torch.Tensor _sampleRate = torch.tensor((long)SampleRate);
    private readonly torch.Tensor _probability = torch.zeros(1, 1);

    // Two state buffers used in turn: a frame reads one (stateN of the frame before) and the model writes the other.
    // One tensor cannot be both: ONNX Runtime does not promise that an output may share memory with an input.
    private torch.Tensor _state = torch.zeros(2, 1, 128);
    private torch.Tensor _nextState = torch.zeros(2, 1, 128);

    /// <summary>Wraps <paramref name="model"/>, which stays owned by the caller; the stream starts from silence.</summary>
    public VoiceActivityStream(SileroVad model) => _model = model;

    /// <summary>Runs one frame and returns the probability that it holds speech.</summary>
    /// <param name="frame">At most <see cref="FrameSamples"/> samples; a shorter (last) frame is padded with silence.</param>
    public float Next(ReadOnlySpan<float> frame)
    {
        if (frame.Length > FrameSamples) throw new ArgumentException($"A frame has at most {FrameSamples} samples, not {frame.Length}.", nameof(frame));

        // The last 64 samples of the previous window become this one's context.
        Array.Copy(_window, FrameSamples, _window, 0, ContextSamples);
        Span<float> samples = _window.AsSpan(ContextSamples);
        frame.CopyTo(samples);
        samples[frame.Length..].Clear();
        using (var input = _input.data<float>()) input.CopyFrom(_window, 0, 0);

        _model.RunInto(_input, _state, _sampleRate, _probability, _nextState);
        (_state, _nextState) = (_nextState, _state);
        return _probability.item<float>();
    }

    /// <summary>Disposes the stream's tensors (not the model).</summary>
    public void Dispose()
    {
        _nextState.Dispose();
        _state.Dispose();
        _probability.Dispose();
        _sampleRate.Dispose();
        _input.Dispose();
    }
}
