using System.Linq;
using ConsumerApps;
using OnnxTyped;

namespace TypedApp;

/// <summary>Runs Silero VAD through the generated typed front-end (no TorchSharp) and through plain ONNX Runtime, and compares.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        float[] samples = PlainSilero.Frame();
        using var vad = Models.Vad.Load();
        using var input = OnnxTensor<float>.FromArray(samples, 1, 512);
        using var state = OnnxTensor<float>.Allocate(2, 1, 128);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        using Models.Vad.Outputs result = vad.Run(input, state, sr);

        var plain = PlainSilero.Run(args[0], samples);
        bool same = PlainSilero.Same("typed silero output", plain["output"], result.Output.ToArray(), result.Output.Shape.ToArray())
                  & PlainSilero.Same("typed silero stateN", plain["stateN"], result.StateN.ToArray(), result.StateN.Shape.ToArray());
        return same ? 0 : 1;
    }
}
