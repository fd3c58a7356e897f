using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OnnxTyped.Conformance;

/// <summary>
/// The torch-free column: constructs the generated class on the model, calls its typed <c>Run(...)</c> with one value per
/// input in model order (an <see cref="OnnxTensor{T}"/>, an <see cref="OnnxStringTensor"/>, a list of them for a
/// sequence, null for an empty optional), and compares the <c>Outputs</c> properties, in declaration (= model) order, with
/// the expected outputs: element type, shape and values. No TorchSharp tensor is involved, and uint16/32/64 travel as
/// themselves. Each data set runs twice on the same instance, so the reused binding and the remembered output shapes are
/// tested too.
/// </summary>
internal static class TorchFreeRunner
{
    public static ColumnResult Run(TestOutcome outcome, Type generated, TestDataCache data, SessionOptions options)
    {
        GeneratedRun run = GeneratedRun.TorchFree(generated);
        Type[] parameterTypes = run.Method.GetParameters().Select(p => p.ParameterType).ToArray();
        // The declared kinds and types, for reading the data files and for data in a legacy encoding; the class's own baked-in signature.
        var signature = (ModelSignature)generated.GetProperty("Signature", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        using var model = (IDisposable)Activator.CreateInstance(generated, outcome.Test.ModelPath, options, null)!;
        foreach (DataSet dataSet in outcome.Test.DataSets)
        {
            if (dataSet.InputFiles.Count != run.InputCount)
                return ColumnResult.Fail($"Run takes {run.InputCount} values, {dataSet.Name} has {dataSet.InputFiles.Count} inputs");
            if (dataSet.OutputFiles.Count != run.Outputs.Length)
                return ColumnResult.Fail($"Outputs has {run.Outputs.Length} values, {dataSet.Name} has {dataSet.OutputFiles.Count} outputs");

            var made = new List<IDisposable>();
            try
            {
                object?[] inputs = dataSet.InputFiles
                    .Select((file, i) => DotnetValues.ToParameter(data.ReadValue(file, signature.Inputs[i].ValueType), parameterTypes[i], signature.Inputs[i].ElementType, made))
                    .ToArray();
                // Twice on the same instance: the second call reuses the runner's binding, as an application's second call does.
                foreach (string call in new[] { "", "second Run on the same instance: " })
                {
                    using var result = (IDisposable)run.Method.Invoke(model, inputs)!;
                    for (int o = 0; o < run.Outputs.Length; o++)
                    {
                        TensorSignature declared = signature.Outputs[o];
                        object expected = data.ReadValue(dataSet.OutputFiles[o], declared.ValueType);
                        string? difference = DotnetValues.Difference(expected, run.Outputs[o].GetValue(result), declared.Kind == OnnxValueKind.Unsupported ? TensorElementType.DataTypeMax : declared.ElementType);
                        if (difference is not null) return ColumnResult.Fail($"{call}output {o} ({run.Outputs[o].Name}): {difference}");
                    }
                }
            }
            finally
            {
                foreach (IDisposable value in made) value.Dispose();
            }
        }
        return ColumnResult.Pass;
    }
}
