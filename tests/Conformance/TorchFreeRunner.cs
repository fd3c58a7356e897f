using System;
using System.Linq;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped.Conformance;

/// <summary>
/// The torch-free column: constructs the generated class on the model, calls its typed <c>Run(...)</c> with one
/// <see cref="OnnxTensor{T}"/> per input in model order, and compares the <c>Outputs</c> properties, in declaration (=
/// model) order, with the expected outputs: element type, shape and bytes. No TorchSharp tensor is involved, and
/// uint16/32/64 travel as themselves. Each data set runs twice on the same instance, so the reused binding and the
/// remembered output shapes are tested too.
/// </summary>
internal static class TorchFreeRunner
{
    public static ColumnResult Run(TestOutcome outcome, Type generated, TestDataCache data, SessionOptions options)
    {
        GeneratedRun run = GeneratedRun.TorchFree(generated);
        Type[] parameterTypes = run.Method.GetParameters().Select(p => p.ParameterType).ToArray();
        // The declared types, for data files in a legacy encoding; the class's own baked-in signature.
        var signature = (ModelSignature)generated.GetProperty("Signature", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        using var model = (IDisposable)Activator.CreateInstance(generated, outcome.Test.ModelPath, options, null)!;
        foreach (DataSet dataSet in outcome.Test.DataSets)
        {
            if (dataSet.InputFiles.Count != run.InputCount)
                return ColumnResult.Fail($"Run takes {run.InputCount} tensors, {dataSet.Name} has {dataSet.InputFiles.Count} inputs");
            if (dataSet.OutputFiles.Count != run.Outputs.Length)
                return ColumnResult.Fail($"Outputs has {run.Outputs.Length} tensors, {dataSet.Name} has {dataSet.OutputFiles.Count} outputs");

            OnnxTensor[] inputs = dataSet.InputFiles
                .Select((file, i) => DotnetTensors.ToOnnxTensor(LegacyEncodings.AsDeclared(data.Read(file), signature.Inputs[i].ElementType), parameterTypes[i]))
                .ToArray();
            try
            {
                // Twice on the same instance: the second call reuses the runner's binding, as an application's second call does.
                foreach (string call in new[] { "", "second Run on the same instance: " })
                {
                    using var result = (IDisposable)run.Method.Invoke(model, inputs)!;
                    for (int o = 0; o < run.Outputs.Length; o++)
                    {
                        var tensor = (OnnxTensor)run.Outputs[o].GetValue(result)!;
                        TensorData expected = LegacyEncodings.AsDeclared(data.Read(dataSet.OutputFiles[o]), signature.Outputs[o].ElementType);
                        string? difference = TensorComparison.Difference(expected, DotnetTensors.FromOnnxTensor(tensor));
                        if (difference is not null) return ColumnResult.Fail($"{call}output {o} ({run.Outputs[o].Name}): {difference}");
                    }
                }
            }
            finally
            {
                foreach (OnnxTensor input in inputs) input.Dispose();
            }
        }
        return ColumnResult.Pass;
    }
}
