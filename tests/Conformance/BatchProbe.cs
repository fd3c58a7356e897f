using System;
using System.Linq;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped.Conformance;

/// <summary>
/// A check beyond the ONNX data, counted apart from the totals. For a model whose inputs all fix
/// dimension 0 to one size n ≥ 2, it runs the generated class on the first n - 1 rows of each input.
/// ONNX Runtime's plain Run refuses that shape. The typed path may refuse it too, or treat
/// dimension 0 as a batch; then each output must be the first n - 1 rows of the expected output.
/// Anything else is a wrong result returned without an error: dimension 0 was not a batch.
/// </summary>
internal static class BatchProbe
{
    /// <summary>What the probe did with one model.</summary>
    /// <param name="Applies">The model's inputs all fix dimension 0 to one size ≥ 2.</param>
    /// <param name="Accepted">The typed path returned outputs for the shorter inputs instead of refusing them.</param>
    /// <param name="Finding">A wrong result returned without an error, or null.</param>
    public readonly record struct Result(bool Applies, bool Accepted, string? Finding);

    public static Result Run(TestOutcome outcome, Type generated, TestDataCache data, SessionOptions options)
    {
        var signature = (ModelSignature)generated.GetProperty("Signature", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        long? rows = FixedFirstDimension(signature);
        if (rows is not >= 2 || outcome.Test.DataSets.Count == 0) return default;

        using DisposeScope scope = torch.NewDisposeScope();
        DataSet dataSet = outcome.Test.DataSets[0];
        GeneratedRun torchRun = GeneratedRun.Torch(generated);
        MethodInfo run = torchRun.Method;
        PropertyInfo[] outputs = torchRun.Outputs;
        long kept = rows.Value - 1;
        object[] inputs = dataSet.InputFiles
            .Select((file, i) => (object)TorchTensors.ToTorch(LegacyEncodings.AsDeclared(data.Read(file), signature.Inputs[i].ElementType)).narrow(0, 0, kept))
            .ToArray();

        using var model = (IDisposable)Activator.CreateInstance(generated, outcome.Test.ModelPath, options, null)!;
        IDisposable result;
        try
        {
            result = (IDisposable)run.Invoke(model, inputs)!;
        }
        catch (TargetInvocationException)
        {
            return new Result(true, false, null); // Refused, as plain Run does.
        }
        using (result)
        {
            for (int o = 0; o < outputs.Length; o++)
            {
                TensorData expected = LegacyEncodings.AsDeclared(data.Read(dataSet.OutputFiles[o]), signature.Outputs[o].ElementType);
                using torch.Tensor full = TorchTensors.ToTorch(expected);
                if (full.dim() == 0 || full.shape[0] != rows)
                    return new Result(true, true, $"accepted {kept} of {rows} rows and returned output {o} ({outputs[o].Name}), which has no row per input row (expected shape {expected.ShapeText})");
                TensorData firstRows = TorchTensors.FromTorch(full.narrow(0, 0, kept));
                var actual = (torch.Tensor)outputs[o].GetValue(result)!;
                string? difference = TensorComparison.Difference(firstRows, TorchTensors.FromTorch(actual));
                if (difference is not null)
                    return new Result(true, true, $"accepted {kept} of {rows} rows and returned output {o} ({outputs[o].Name}) that is not the first {kept} rows of the expected output: {difference}");
            }
        }
        return new Result(true, true, null);
    }

    /// <summary>The size every input fixes dimension 0 to, or null.</summary>
    private static long? FixedFirstDimension(ModelSignature signature)
    {
        long? size = null;
        foreach (TensorSignature input in signature.Inputs)
        {
            if (!input.RankKnown || input.Rank == 0 || !input.Dims[0].IsFixed) return null;
            if (size is not null && size != input.Dims[0].Size) return null;
            size = input.Dims[0].Size;
        }
        return size;
    }
}
