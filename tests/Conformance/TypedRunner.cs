using System;
using System.Linq;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped.Conformance;

/// <summary>
/// The typed column: constructs the generated class on the model, calls its torch <c>RunTorch(...)</c> with
/// one TorchSharp tensor per input in model order and compares the <c>TorchOutputs</c> properties, in
/// declaration (= model) order, with the expected outputs. Each data set runs twice on the same
/// instance, so the reused binding is tested too.
/// </summary>
internal static class TypedRunner
{
    public static ColumnResult Run(TestOutcome outcome, Type generated, TestDataCache data, SessionOptions options)
    {
        using TorchSharp.DisposeScope scope = torch.NewDisposeScope();
        GeneratedRun torchRun = GeneratedRun.Torch(generated);
        MethodInfo run = torchRun.Method;
        PropertyInfo[] outputs = torchRun.Outputs;
        int inputCount = torchRun.InputCount;
        // The declared types, for data files in a legacy encoding; the class's own baked-in signature.
        var signature = (ModelSignature)generated.GetProperty("Signature", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        using var model = (IDisposable)Activator.CreateInstance(generated, outcome.Test.ModelPath, options, null)!;
        foreach (DataSet dataSet in outcome.Test.DataSets)
        {
            if (dataSet.InputFiles.Count != inputCount)
                return ColumnResult.Fail($"Run takes {inputCount} tensors, {dataSet.Name} has {dataSet.InputFiles.Count} inputs");
            if (dataSet.OutputFiles.Count != outputs.Length)
                return ColumnResult.Fail($"Outputs has {outputs.Length} tensors, {dataSet.Name} has {dataSet.OutputFiles.Count} outputs");

            object[] inputs = dataSet.InputFiles
                .Select((file, i) => (object)TorchTensors.ToTorch(LegacyEncodings.AsDeclared(data.Read(file), signature.Inputs[i].ElementType)))
                .ToArray();
            // Twice on the same instance: the second call reuses the cached IO binding, as an application's second call does.
            foreach (string call in new[] { "", "second Run on the same instance: " })
            {
                using var result = (IDisposable)run.Invoke(model, inputs)!;
                for (int o = 0; o < outputs.Length; o++)
                {
                    var tensor = (torch.Tensor)outputs[o].GetValue(result)!;
                    TensorData expected = LegacyEncodings.AsDeclared(data.Read(dataSet.OutputFiles[o]), signature.Outputs[o].ElementType);
                    string? difference = TensorComparison.Difference(expected, TorchTensors.FromTorch(tensor, signature.Outputs[o].ElementType));
                    if (difference is not null) return ColumnResult.Fail($"{call}output {o} ({outputs[o].Name}): {difference}");
                }
            }
        }
        return ColumnResult.Pass;
    }
}
