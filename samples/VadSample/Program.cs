using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using VadSample;

// Silero VAD through the class generated from the OnnxModel item in VadSample.csproj: Run takes one
// TorchSharp tensor per model input (input, state, sr) and returns the outputs as properties.
const int SampleRate = 16000;
const int ChunkSize = 512;
const int ContextSize = 64;
const double Seconds = 1.5;

using VoiceDetector detector = VoiceDetector.Load();
Console.WriteLine("Silero VAD (silero_vad_16k_op15.onnx), through the generated VoiceDetector class");
Console.WriteLine("  inputs:  " + string.Join(", ", VoiceDetector.Signature.Inputs));
Console.WriteLine("  outputs: " + string.Join(", ", VoiceDetector.Signature.Outputs));
Console.WriteLine();
Console.WriteLine($"Speech probability per {ChunkSize}-sample chunk ({1000.0 * ChunkSize / SampleRate:0} ms) of {Seconds} s synthetic signals:");

foreach ((string name, float[] signal) in Signals())
{
    List<float> probabilities = Detect(detector, signal);
    Console.WriteLine($"  {name,-22} mean {probabilities.Average():0.000}  max {probabilities.Max():0.000}  {Sparkline(probabilities)}");
}

static List<float> Detect(VoiceDetector detector, float[] signal)
{
    var probabilities = new List<float>();
    torch.Tensor state = torch.zeros(2, 1, 128);
    using torch.Tensor sampleRate = torch.tensor((long)SampleRate);
    for (int start = 0; start + ChunkSize <= signal.Length; start += ChunkSize)
    {
        // Like Silero's own wrapper, each chunk is preceded by the last 64 samples of the one before.
        float[] window = new float[ContextSize + ChunkSize];
        Array.Copy(signal, Math.Max(0, start - ContextSize), window, ContextSize - Math.Min(start, ContextSize), Math.Min(start, ContextSize));
        Array.Copy(signal, start, window, ContextSize, ChunkSize);
        using torch.Tensor chunk = torch.tensor(window).reshape(1, window.Length);
        using VoiceDetector.Outputs result = detector.Run(chunk, state, sampleRate);
        probabilities.Add(result.Output.item<float>());
        // The recurrent state carries over to the next chunk; the result (and its tensors) is disposed.
        state.Dispose();
        state = result.StateN.clone();
    }
    state.Dispose();
    return probabilities;
}

static IEnumerable<(string Name, float[] Signal)> Signals()
{
    int n = (int)(Seconds * SampleRate);
    var random = new Random(7);
    yield return ("silence", new float[n]);
    yield return ("440 Hz tone", Generate(n, t => 0.5 * Math.Sin(2 * Math.PI * 440 * t)));
    yield return ("white noise", Generate(n, _ => 0.2 * (random.NextDouble() * 2 - 1)));
    yield return ("synthetic syllables", Syllables(n));
}

// Formant synthesis of a few spoken-like syllables: a glottal pulse train with a falling, wavering
// pitch (the source) through three resonators that glide between the formants of 'a', 'i' and 'u'
// (the vocal tract), cut into syllables at about 4 per second.
static float[] Syllables(int n)
{
    double[][] vowels = { new[] { 730.0, 1090, 2440 }, new[] { 270.0, 2290, 3010 }, new[] { 300.0, 870, 2240 } };
    var resonators = new[] { new Resonator(), new Resonator(), new Resonator() };
    var samples = new float[n];
    double phase = 0;
    for (int i = 0; i < n; i++)
    {
        double t = (double)i / SampleRate;
        double pitch = 170 - 40 * t / Seconds + 6 * Math.Sin(2 * Math.PI * 5 * t);
        phase += pitch / SampleRate;
        double source = phase >= 1 ? 1 : 0;
        if (phase >= 1) phase -= 1;
        double position = t * 4 % vowels.Length;
        double[] from = vowels[(int)position], to = vowels[((int)position + 1) % vowels.Length];
        double blend = position - Math.Floor(position);
        double output = 0;
        for (int f = 0; f < 3; f++)
            output += resonators[f].Next(source, from[f] + (to[f] - from[f]) * blend, 80 + 40 * f, SampleRate) / (f + 1);
        double envelope = Math.Pow(Math.Sin(Math.PI * (t * 4 % 1)), 0.5);
        samples[i] = (float)(0.3 * envelope * output);
    }
    return samples;
}

static float[] Generate(int n, Func<double, double> wave) =>
    Enumerable.Range(0, n).Select(i => (float)wave((double)i / SampleRate)).ToArray();

static string Sparkline(IEnumerable<float> values) =>
    new(values.Select(v => "▁▂▃▄▅▆▇█"[Math.Clamp((int)Math.Round(v * 7), 0, 7)]).ToArray());

/// <summary>A two-pole resonator (one formant), retuned every sample.</summary>
internal sealed class Resonator
{
    private double _y1;
    private double _y2;

    public double Next(double x, double frequency, double bandwidth, int sampleRate)
    {
        double r = Math.Exp(-Math.PI * bandwidth / sampleRate);
        double a1 = 2 * r * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double a2 = -r * r;
        double y = (1 - r) * x + a1 * _y1 + a2 * _y2;
        _y2 = _y1;
        _y1 = y;
        return y;
    }
}
