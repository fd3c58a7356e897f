using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OnnxTyped.Hosting;

/// <summary>
/// The default warm-up: one run on zeros of the declared shapes, each symbolic dimension as configured or 1. It makes
/// ONNX Runtime do its first-run work (allocations, kernel choice, a TensorRT engine build) before the first request.
/// </summary>
internal static class ZeroWarmUp
{
    /// <summary>Runs the model once on zeros; returns why it could not (an input the typed front-end cannot make), or null.</summary>
    public static async Task<string?> RunAsync(ModelSession model, IDictionary<string, long> dims, CancellationToken cancellation)
    {
        IReadOnlyList<TensorSignature> declared = model.Signature.Inputs;
        var inputs = new OnnxTensor[declared.Count];
        try
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                TensorSignature input = declared[i];
                if (!input.IsTensor || DotnetElementTypes.DotnetName(input.ElementType) is null)
                    return $"input '{input.Name}' is {(input.IsTensor ? ElementTypes.OnnxName(input.ElementType) : input.ValueType.ToString())}, which the default warm-up cannot make; register a warm-up with WithWarmUp";
                if (!input.RankKnown)
                    return $"input '{input.Name}' declares no shape, so the default warm-up cannot make it; register a warm-up with WithWarmUp";
                long[] shape = new long[input.Dims.Count];
                for (int d = 0; d < shape.Length; d++)
                {
                    Dim dim = input.Dims[d];
                    shape[d] = dim.IsFixed ? dim.Size : dim.Name is string name && dims.TryGetValue(name, out long size) ? size : 1;
                }
                long bytes = ElementTypes.ByteCount(input.ElementType, OnnxTensor.ElementCountOf(shape));
                inputs[i] = DotnetElementTypes.Over(input.ElementType, NativeTensorMemory.Allocate(bytes, zeroed: true), shape, BufferDevice.Cpu);
            }
            OnnxTensor[] outputs = await model.RunAsync(inputs, cancellation).ConfigureAwait(false);
            foreach (OnnxTensor output in outputs) output.Dispose();
            return null;
        }
        finally
        {
            foreach (OnnxTensor? input in inputs) input?.Dispose();
        }
    }
}
