using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using TorchSharp;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// One public way of running a model, set up on a model that exercises every per-call allocation at once: an input
/// that is cast (int32 → float32) and made contiguous, an output pre-allocated from the input's batch (y) and one
/// ONNX Runtime allocates (z). <see cref="Call"/> runs it once and disposes what the caller would own.
/// </summary>
internal sealed class CallPath : IDisposable
{
    /// <summary>The paths memory and disposal tests cover, by name.</summary>
    public static readonly string[] Names =
    {
        "RunViaIoBinding", "RunWithBatchSizeLimit", "BoundSession.Run", "BoundSession.Run batched", "BoundSession.RunInto",
    };

    private readonly InferenceSession _session;
    private readonly BoundSession _bound;
    private readonly torch.Tensor _source, _x, _y, _z;

    public CallPath(string name)
    {
        _session = TestSessions.Open(ModelBuilder.Build(
            new[] { ModelBuilder.Tensor("x", TensorElementType.Float, "batch", 8) },
            new[] { ModelBuilder.Tensor("y", TensorElementType.Float, "batch", 8), ModelBuilder.Tensor("z", TensorElementType.Float, "n", "m") },
            new[] { ModelBuilder.Node("Relu", new[] { "x" }, new[] { "y" }), ModelBuilder.Node("Neg", new[] { "x" }, new[] { "z" }) }));
        _bound = new BoundSession(_session, ModelSignature.Of(_session));
        _source = torch.arange(32, dtype: torch.int32).reshape(8, 4);
        _x = _source.t();                                  // [4, 8], non-contiguous, int32
        _y = torch.empty(4, 8);
        _z = torch.empty(4, 8);
        var byName = new Dictionary<string, torch.Tensor> { ["x"] = _x };
        torch.Tensor[] ordered = { _x };
        torch.Tensor[] outputs = { _y, _z };
        if (name == "BoundSession.Run batched") _bound.MaxBatchSize = 3; // 4 rows: chunks of 3 and 1
        Call = name switch
        {
            "RunViaIoBinding" => () => DisposeAll(_session.RunViaIoBinding(byName)),
            "RunWithBatchSizeLimit" => () => DisposeAll(_session.RunWithBatchSizeLimit(byName, maxBatchSize: 3, minBatchSize: 2)), // 3, then 1 padded to 2
            "BoundSession.Run" or "BoundSession.Run batched" => () => DisposeAll(_bound.Run(ordered)),
            "BoundSession.RunInto" => () => _bound.RunInto(ordered, outputs),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such call path"),
        };
    }

    /// <summary>Runs the model once through this path and disposes the outputs the caller owns.</summary>
    public Action Call { get; }

    public static IEnumerable<object[]> All()
    {
        foreach (string name in Names) yield return new object[] { name };
    }

    private static void DisposeAll(IReadOnlyList<torch.Tensor> tensors)
    {
        foreach (torch.Tensor tensor in tensors) tensor.Dispose();
    }

    public void Dispose()
    {
        _z.Dispose();
        _y.Dispose();
        _x.Dispose();
        _source.Dispose();
        _bound.Dispose();
        _session.Dispose();
    }
}
