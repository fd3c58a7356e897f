using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TorchSharp;

namespace OnnxTyped.Runtime.Tests.MicroBatching;

/// <summary>An input of a test request: float or int64 values and a shape.</summary>
internal sealed record TestInput(Array Values, long[] Shape)
{
    public static TestInput Floats(float[] values, params long[] shape) => new(values, shape);

    public static TestInput Longs(long[] values, params long[] shape) => new(values, shape);
}

/// <summary>
/// One call of a model with float outputs through a front-end (torch or typed) and an entry point (Run, RunInto,
/// RunAsync, RunIntoAsync): the same request four ways, each returning the outputs as floats in model order.
/// </summary>
internal static class FrontEndCalls
{
    public const string Torch = "torch", Typed = "typed";
    public const string Run = "Run", RunInto = "RunInto", RunAsync = "RunAsync", RunIntoAsync = "RunIntoAsync";

    public static readonly string[] FrontEnds = { Torch, Typed };
    public static readonly string[] Entries = { Run, RunInto, RunAsync, RunIntoAsync };

    /// <summary>
    /// Calls <paramref name="model"/> (or <paramref name="bound"/>, its torch front-end) on <paramref name="inputs"/>;
    /// <paramref name="outputShapes"/> are the output shapes RunInto is given.
    /// </summary>
    public static async Task<float[][]> Call(string frontEnd, string entry, ModelSession model, BoundSession bound, TestInput[] inputs,
        long[][] outputShapes, CancellationToken cancellation = default)
    {
        if (frontEnd == Torch) return await CallTorch(entry, bound, inputs, outputShapes, cancellation);
        OnnxTensor[] tensors = inputs.Select(ToTyped).ToArray();
        try
        {
            switch (entry)
            {
                case Run:
                case RunAsync:
                {
                    OnnxTensor[] results = entry == Run ? model.Run(tensors) : await model.RunAsync(tensors, cancellation);
                    try
                    {
                        return results.Select(r => ((OnnxTensor<float>)r).ToArray()).ToArray();
                    }
                    finally
                    {
                        foreach (OnnxTensor r in results) r.Dispose();
                    }
                }
                default:
                {
                    OnnxTensor<float>[] outputs = outputShapes.Select(s => OnnxTensor<float>.Allocate(s)).ToArray();
                    try
                    {
                        if (entry == RunInto) model.RunInto(tensors, outputs);
                        else await model.RunIntoAsync(tensors, outputs, cancellation);
                        return outputs.Select(o => o.ToArray()).ToArray();
                    }
                    finally
                    {
                        foreach (OnnxTensor o in outputs) o.Dispose();
                    }
                }
            }
        }
        finally
        {
            foreach (OnnxTensor t in tensors) t.Dispose();
        }
    }

    private static async Task<float[][]> CallTorch(string entry, BoundSession bound, TestInput[] inputs, long[][] outputShapes, CancellationToken cancellation)
    {
        torch.Tensor[] tensors = inputs.Select(ToTorch).ToArray();
        try
        {
            switch (entry)
            {
                case Run:
                case RunAsync:
                {
                    torch.Tensor[] results = entry == Run ? bound.Run(tensors) : await bound.RunAsync(tensors, cancellation);
                    try
                    {
                        return results.Select(r => r.numel() == 0 ? Array.Empty<float>() : r.data<float>().ToArray()).ToArray();
                    }
                    finally
                    {
                        foreach (torch.Tensor r in results) r.Dispose();
                    }
                }
                default:
                {
                    torch.Tensor[] outputs = outputShapes.Select(s => torch.empty(s, torch.float32)).ToArray();
                    try
                    {
                        if (entry == RunInto) bound.RunInto(tensors, outputs);
                        else await bound.RunIntoAsync(tensors, outputs, cancellation);
                        return outputs.Select(o => o.numel() == 0 ? Array.Empty<float>() : o.data<float>().ToArray()).ToArray();
                    }
                    finally
                    {
                        foreach (torch.Tensor o in outputs) o.Dispose();
                    }
                }
            }
        }
        finally
        {
            foreach (torch.Tensor t in tensors) t.Dispose();
        }
    }

    private static OnnxTensor ToTyped(TestInput input) => input.Values switch
    {
        float[] f => OnnxTensor<float>.FromArray(f, input.Shape),
        long[] l => OnnxTensor<long>.FromArray(l, input.Shape),
        _ => throw new ArgumentException("float or long values only"),
    };

    private static torch.Tensor ToTorch(TestInput input) => input.Values switch
    {
        float[] f => torch.tensor(f, input.Shape),
        long[] l => torch.tensor(l, input.Shape),
        _ => throw new ArgumentException("float or long values only"),
    };
}
