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
/// of a symbolic-batch twin of the same weights. The property is there without TorchSharp too, over the
/// <c>ModelSession</c> whose limits both front-ends run under.
/// </summary>
public sealed class GeneratedBatchingTests
{
    // ReadyModels.Projection written to a file: batch fixed (4) or symbolic ("n").
    private static string Projection(object batch, string fileName) => WriteBytes(ReadyModels.Projection(batch), fileName);

    // withTorch: false compiles the class against the core alone, so it has the typed front-end only.
    private static (Type Type, string Source) Generate(string path, string className, bool splitsFixedBatch = false, bool withTorch = true)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(
            new[] { new ModelItem(path, ClassName: className, Namespace: "Batching", SplitsFixedBatch: splitsFixedBatch) },
            GeneratorHarness.CreateCompilation(withTorch ? GeneratorHarness.References : GeneratorHarness.CoreReferences, "internal static class Consumer { }"));
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompileProblems);
        using var image = new MemoryStream();
        EmitResult emitted = outcome.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        Assembly assembly = Assembly.Load(image.ToArray());
        string source = string.Join("\n", outcome.RunResult.GeneratedTrees.Select(t => t.ToString()));
        return (assembly.GetType("Batching." + className, throwOnError: true)!, source);
    }

    // The session the class runs on (its private field): the batching property is its limits, not a copy of them.
    private static ModelSession SessionOf(object model) =>
        (ModelSession)model.GetType().GetField("_session", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(model)!;

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

        using var model = (IDisposable)Activator.CreateInstance(type, staticPath, null, null)!;
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

        using var model = (IDisposable)Activator.CreateInstance(type, path, null, null)!;
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
        using var model = (IDisposable)Activator.CreateInstance(type, staticPath, null, null)!;
        Assert.True((bool)type.GetProperty("SplitsFixedBatch")!.GetValue(model)!);
        using torch.Tensor x = torch.arange(18, dtype: torch.float32).reshape(6, 3) / 9;
        using var result = (IDisposable)type.GetMethod("RunTorch", new[] { typeof(torch.Tensor) })!.Invoke(model, new object[] { x })!;
        var y = (torch.Tensor)result.GetType().GetProperty("Y")!.GetValue(result)!;
        Assert.Equal(PlainRun(Projection("n", "batchN.onnx"), x), y.data<float>().ToArray());

        // Every constructor turns it on, on the session both front-ends share.
        using var session = new InferenceSession(staticPath);
        foreach (object?[] arguments in new[]
        {
            new object?[] { session, null },
            new object?[] { staticPath, OnnxTyped.BufferDevice.Cpu, OnnxTyped.DeviceFallback.UseCpu, null, null, null, null },
            new object?[] { staticPath, torch.CPU, OnnxTyped.DeviceFallback.UseCpu, null, null, null, null },
        })
        {
            using var opened = (IDisposable)Activator.CreateInstance(type, arguments)!;
            Assert.True(SessionOf(opened).SplitsFixedBatch, string.Join(", ", arguments));
        }
    }

    [Fact]
    public void WithoutTheTorchFrontEnd_ASymbolicBatchModel_HasMaxBatchSize_OverItsSession()
    {
        string path = Projection("n", "batchN.onnx");
        (Type type, string source) = Generate(path, "TypedAnyBatch", withTorch: false);
        // The docs name the one run the class has, and say it splits.
        Assert.Contains("for memory limits: a run (<see cref=\"Run(global::OnnxTyped.OnnxTensor{float})\"/>) splits a larger batch", source);
        Assert.Contains("The batch dimension is symbolic: any batch runs at once, unless <see cref=\"MaxBatchSize\"/> is set to split it into chunks.", source);
        Assert.DoesNotContain("TorchSharp front-end only", source);
        Assert.Null(type.GetProperty("SplitsFixedBatch"));
        PropertyInfo max = type.GetProperty("MaxBatchSize")!;

        using var model = (IDisposable)Activator.CreateInstance(type, path, null, null)!;
        Assert.Null(max.GetValue(model));
        max.SetValue(model, 3);
        Assert.Equal(3, SessionOf(model).MaxBatchSize);
        SessionOf(model).MaxBatchSize = 5;
        Assert.Equal(5, max.GetValue(model));
        var error = Assert.Throws<TargetInvocationException>(() => max.SetValue(model, 0));
        Assert.IsType<ArgumentOutOfRangeException>(error.InnerException);
    }

    [Fact]
    public void WithoutTheTorchFrontEnd_AFixedBatchModel_HasSplitsFixedBatch_OverItsSession_AndTheItemTurnsItOn()
    {
        string path = Projection(4L, "batch4.onnx");
        (Type type, string source) = Generate(path, "TypedBatchFour", withTorch: false);
        Assert.Contains("Whether a run (<see cref=\"Run(global::OnnxTyped.OnnxTensor{float})\"/>) takes any number of rows, split into chunks of 4", source);
        Assert.Contains("The model fixes its batch size to 4: this method takes exactly 4 rows, unless <see cref=\"SplitsFixedBatch\"/> is on,", source);
        Assert.Null(type.GetProperty("MaxBatchSize"));
        PropertyInfo splits = type.GetProperty("SplitsFixedBatch")!;
        using (var model = (IDisposable)Activator.CreateInstance(type, path, null, null)!)
        {
            Assert.False((bool)splits.GetValue(model)!);
            splits.SetValue(model, true);
            Assert.True(SessionOf(model).SplitsFixedBatch);
            SessionOf(model).SplitsFixedBatch = false;
            Assert.False((bool)splits.GetValue(model)!);
        }

        // SplitsFixedBatch="true" on the item, in every constructor of a class without TorchSharp.
        (Type fromItem, _) = Generate(path, "TypedSplitsFromItem", splitsFixedBatch: true, withTorch: false);
        using var session = new InferenceSession(path);
        foreach (object?[] arguments in new[]
        {
            new object?[] { path, null, null },
            new object?[] { session, null },
            new object?[] { path, OnnxTyped.BufferDevice.Cpu, OnnxTyped.DeviceFallback.UseCpu, null, null, null, null },
        })
        {
            using var opened = (IDisposable)Activator.CreateInstance(fromItem, arguments)!;
            Assert.True(SessionOf(opened).SplitsFixedBatch, string.Join(", ", arguments));
        }
    }

    [Fact]
    public void DeviceConstructor_OnCpu_ReportsTheEffectiveDevice()
    {
        string path = Projection("n", "batchN.onnx");
        (Type type, _) = Generate(path, "OnDevice");
        using var model = (IDisposable)Activator.CreateInstance(type, path, torch.CPU, OnnxTyped.DeviceFallback.UseCpu, null, null, null, null)!;
        var device = (torch.Device?)type.GetProperty("TorchDevice")!.GetValue(model);
        Assert.Equal(DeviceType.CPU, device!.type);

        // A provider list of the caller's, with options for one of them.
        var options = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["CPUExecutionProvider"] = new Dictionary<string, string> { ["use_arena"] = "0" } };
        using var withProviders = (IDisposable)Activator.CreateInstance(type, path, torch.CPU, OnnxTyped.DeviceFallback.Fail, null, new[] { "CPUExecutionProvider" }, options, null)!;
        Assert.Equal(DeviceType.CPU, ((torch.Device?)type.GetProperty("TorchDevice")!.GetValue(withProviders))!.type);
        var unknown = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(type, path, torch.CPU, OnnxTyped.DeviceFallback.Fail, null, new[] { "NoSuchExecutionProvider" }, null, null));
        Assert.Contains("This ONNX Runtime build offers: CPUExecutionProvider", Assert.IsType<ArgumentException>(unknown.InnerException).Message);
    }
}
