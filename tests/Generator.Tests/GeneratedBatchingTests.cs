using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// Generated batching (issue 4): a model that fixes its batch size runs any batch through the
/// generated RunTorch; a model with a symbolic batch exposes MaxBatchSize. Compared with one plain run
/// of a symbolic-batch twin of the same weights.
/// </summary>
public sealed class GeneratedBatchingTests
{
    // ReadyModels.Projection written to a file: batch fixed (4) or symbolic ("n").
    private static string Projection(object batch, string fileName) => WriteBytes(ReadyModels.Projection(batch), fileName);

    private static (Type Type, string Source) Generate(string path, string className, bool splitsFixedBatch = false)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(path, ClassName: className, Namespace: "Batching", SplitsFixedBatch: splitsFixedBatch));
        Assert.Empty(outcome.GeneratorDiagnostics);
        using var image = new MemoryStream();
        EmitResult emitted = outcome.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        Assembly assembly = Assembly.Load(image.ToArray());
        string source = string.Join("\n", outcome.RunResult.GeneratedTrees.Select(t => t.ToString()));
        return (assembly.GetType("Batching." + className, throwOnError: true)!, source);
    }

    private static float[] PlainRun(string path, torch.Tensor x)
    {
        using var session = new InferenceSession(path);
        float[] data = x.data<float>().ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(data, x.shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, new[] { "x" }, new[] { value }, new[] { "y" });
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Fact]
    public void StaticBatchFourModel_RunsABatchOfTen()
    {
        string staticPath = Projection(4L, "batch4.onnx");
        string dynamicPath = Projection("n", "batchN.onnx");
        (Type type, string source) = Generate(staticPath, "BatchFour");
        Assert.Contains("The model fixes its batch size to 4: this method takes exactly 4 rows, unless", source);
        Assert.Null(type.GetProperty("MaxBatchSize"));
        Assert.NotNull(type.GetProperty("SplitsFixedBatch"));

        using var model = (IDisposable)Activator.CreateInstance(type, staticPath, null)!;
        Assert.False((bool)type.GetProperty("SplitsFixedBatch")!.GetValue(model)!);   // off unless asked: splitting is right only for a batch
        type.GetProperty("SplitsFixedBatch")!.SetValue(model, true);
        using torch.Tensor x = torch.arange(30, dtype: torch.float32).reshape(10, 3) / 9;
        using var result = (IDisposable)type.GetMethod("RunTorch", new[] { typeof(torch.Tensor) })!.Invoke(model, new object[] { x })!;
        var y = (torch.Tensor)result.GetType().GetProperty("Y")!.GetValue(result)!;

        Assert.Equal(new long[] { 10, 2 }, y.shape);
        Assert.Equal(PlainRun(dynamicPath, x), y.data<float>().ToArray());

        // Opting out: only exactly 4 rows, anything else is the shape error plain ONNX Runtime would give.
        type.GetProperty("SplitsFixedBatch")!.SetValue(model, false);
        var error = Assert.Throws<TargetInvocationException>(() => type.GetMethod("RunTorch", new[] { typeof(torch.Tensor) })!.Invoke(model, new object[] { x }));
        var shapeError = Assert.IsType<OnnxTyped.OnnxInputException>(error.InnerException);
        Assert.Equal("[4, 3]", shapeError.Expected);
        Assert.Equal("[10, 3]", shapeError.Actual);
    }

    [Fact]
    public void SymbolicBatchModel_ExposesMaxBatchSize_AndSplitsUnderIt()
    {
        string path = Projection("n", "batchN.onnx");
        (Type type, string source) = Generate(path, "AnyBatch");
        Assert.Contains("The batch dimension is symbolic", source);
        PropertyInfo max = type.GetProperty("MaxBatchSize")!;

        using var model = (IDisposable)Activator.CreateInstance(type, path, null)!;
        Assert.Null(max.GetValue(model));
        max.SetValue(model, 3);
        using torch.Tensor x = torch.rand(7, 3);
        using var result = (IDisposable)type.GetMethod("RunTorch", new[] { typeof(torch.Tensor) })!.Invoke(model, new object[] { x })!;
        var y = (torch.Tensor)result.GetType().GetProperty("Y")!.GetValue(result)!;
        Assert.Equal(PlainRun(path, x), y.data<float>().ToArray());

        var error = Assert.Throws<TargetInvocationException>(() => max.SetValue(model, 0));
        Assert.IsType<ArgumentOutOfRangeException>(error.InnerException);
    }

    [Fact]
    public void SplitsFixedBatchOnTheItem_TurnsSplittingOnForEveryInstance()
    {
        string staticPath = Projection(4L, "batch4.onnx");
        (Type type, _) = Generate(staticPath, "SplitsFromItem", splitsFixedBatch: true);
        using var model = (IDisposable)Activator.CreateInstance(type, staticPath, null)!;
        Assert.True((bool)type.GetProperty("SplitsFixedBatch")!.GetValue(model)!);
        using torch.Tensor x = torch.arange(18, dtype: torch.float32).reshape(6, 3) / 9;
        using var result = (IDisposable)type.GetMethod("RunTorch", new[] { typeof(torch.Tensor) })!.Invoke(model, new object[] { x })!;
        var y = (torch.Tensor)result.GetType().GetProperty("Y")!.GetValue(result)!;
        Assert.Equal(PlainRun(Projection("n", "batchN.onnx"), x), y.data<float>().ToArray());
    }

    [Fact]
    public void DeviceConstructor_OnCpu_ReportsTheEffectiveDevice()
    {
        string path = Projection("n", "batchN.onnx");
        (Type type, _) = Generate(path, "OnDevice");
        using var model = (IDisposable)Activator.CreateInstance(type, path, torch.CPU, OnnxTyped.DeviceFallback.UseCpu, null, null, null)!;
        var device = (torch.Device?)type.GetProperty("TorchDevice")!.GetValue(model);
        Assert.Equal(DeviceType.CPU, device!.type);

        // A provider list of the caller's, with options for one of them.
        var options = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["CPUExecutionProvider"] = new Dictionary<string, string> { ["use_arena"] = "0" } };
        using var withProviders = (IDisposable)Activator.CreateInstance(type, path, torch.CPU, OnnxTyped.DeviceFallback.Fail, null, new[] { "CPUExecutionProvider" }, options)!;
        Assert.Equal(DeviceType.CPU, ((torch.Device?)type.GetProperty("TorchDevice")!.GetValue(withProviders))!.type);
        var unknown = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(type, path, torch.CPU, OnnxTyped.DeviceFallback.Fail, null, new[] { "NoSuchExecutionProvider" }, null));
        Assert.Contains("This ONNX Runtime build offers: CPUExecutionProvider", Assert.IsType<ArgumentException>(unknown.InnerException).Message);
    }
}
