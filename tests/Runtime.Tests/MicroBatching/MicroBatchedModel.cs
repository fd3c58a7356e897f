using System;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;

namespace OnnxTyped.Runtime.Tests.MicroBatching;

/// <summary>
/// A model under test: plain ONNX Runtime's session to compare with, and a micro-batching <see cref="ModelSession"/> on
/// a session of its own with its torch front-end. Disposing it disposes both (the model after its queue has drained).
/// </summary>
internal sealed class MicroBatchedModel : IAsyncDisposable
{
    private static readonly Lazy<byte[]> SmallMlpBytes = new(() => ReadyModels.Mlp(8, 8, 4, seed: 7));

    private MicroBatchedModel(InferenceSession plain, ModelSession model)
    {
        Plain = plain;
        Model = model;
        Bound = new BoundSession(model);
    }

    public InferenceSession Plain { get; }

    public ModelSession Model { get; }

    public BoundSession Bound { get; }

    /// <summary>The 8→8→4 MLP of the runtime tests (x[batch, 8] → y[batch, 4]), micro-batched with <paramref name="options"/>.</summary>
    public static MicroBatchedModel SmallMlp(MicroBatchOptions options) => Open(SmallMlpBytes.Value, options);

    public static MicroBatchedModel Open(byte[] model, MicroBatchOptions options)
    {
        InferenceSession plain = TestSessions.Open(model);
        var session = new ModelSession(TestSessions.Open(model), ModelSignature.Of(plain));
        session.EnableMicroBatching(options);
        return new MicroBatchedModel(plain, session);
    }

    /// <summary>Plain Run's first output for <paramref name="x"/> as the model's one input <c>x</c>.</summary>
    public float[] PlainOutput(float[] x, params long[] shape) => MicroBatchingTests.Plain(Plain, ("x", TestInput.Floats(x, shape)))[0];

    /// <summary>One call through <paramref name="frontEnd"/> and <paramref name="entry"/> (see <see cref="FrontEndCalls.Call"/>).</summary>
    public Task<float[][]> Call(string frontEnd, string entry, TestInput[] inputs, long[][] outputShapes, System.Threading.CancellationToken cancellation = default) =>
        FrontEndCalls.Call(frontEnd, entry, Model, Bound, inputs, outputShapes, cancellation);

    public async ValueTask DisposeAsync()
    {
        await Bound.DisposeAsync();
        Plain.Dispose();
    }
}
