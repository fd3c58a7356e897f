using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.Generator.Tests.Models;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// Every generated class is an <c>IOnnxModel&lt;TSelf&gt;</c>: a host opens the session itself and hands it over through
/// the static <c>Create</c>, resolved at compile time (what OnnxTyped.Hosting does, without reflection).
/// </summary>
public sealed class GeneratedFactoryTests
{
    // What a host does: open for the class's signature, name it, hand it over.
    private static T Open<T>(string path, string name, MicroBatchOptions? microBatching) where T : class, IOnnxModel<T>
    {
        ModelSession session = ModelSession.ForDevice(path, T.Signature, BufferDevice.Cpu);
        session.Name = name;
        return T.Create(session, microBatching);
    }

    private static string? ItemBatchDimOf<T>() where T : class, IOnnxModel<T> => T.ItemBatchDim;

    private static string DefaultModelPathOf<T>() where T : class, IOnnxModel<T> => T.DefaultModelPath;

    private static T Create<T>(ModelSession session) where T : class, IOnnxModel<T> => T.Create(session, null);

    [Fact]
    public void Create_WrapsTheHostsSession_AndRunsAsThePlainRun()
    {
        using SileroVad model = Open<SileroVad>(RepoModels.SileroVad, "vad-for-host", null);
        ModelSession session = ((IOnnxModel)model).Model;
        Assert.Equal("vad-for-host", session.Name);
        Assert.Same(SileroVad.Signature, session.Signature);
        Assert.False(session.MicroBatches);

        float[] input = Enumerable.Range(0, 512).Select(i => MathF.Sin(i / 7f) / 3).ToArray();
        using var x = OnnxTensor<float>.FromArray(input, 1, 512);
        using var state = OnnxTensor<float>.Allocate(2, 1, 128);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        using SileroVad.Outputs outputs = model.Run(x, state, sr);

        using var plain = new InferenceSession(RepoModels.SileroVad);
        using var expected = plain.Run(new[]
        {
            NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(input, new[] { 1, 512 })),
            NamedOnnxValue.CreateFromTensor("state", new DenseTensor<float>(new[] { 2, 1, 128 })),
            NamedOnnxValue.CreateFromTensor("sr", new DenseTensor<long>(new[] { 16000L }, Array.Empty<int>())),
        });
        Assert.Equal(expected.First(v => v.Name == "output").AsTensor<float>().ToArray(), outputs.Output.ToArray());
        Assert.Equal(expected.First(v => v.Name == "stateN").AsTensor<float>().ToArray(), outputs.StateN.ToArray());

        // The class owns the session: disposing it disposes the session.
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(new OnnxTensor[] { x, state, sr }));
    }

    [Fact]
    public void Create_TurnsMicroBatchingOnWhenAsked()
    {
        using SileroVad model = Open<SileroVad>(RepoModels.SileroVad, "vad-batched", new MicroBatchOptions { MaxBatchSize = 4 });
        ModelSession session = ((IOnnxModel)model).Model;
        Assert.True(session.MicroBatches);
        Assert.Equal("batch", session.MicroBatchDim);
    }

    [Fact]
    public void Create_RefusesASessionOpenedForAnotherSignature_AndDisposesIt()
    {
        var lookalike = new ModelSignature(SileroVad.Signature.Inputs.ToArray(), SileroVad.Signature.Outputs.ToArray());
        var session = new ModelSession(RepoModels.SileroVad, lookalike) { Name = "lookalike" };
        ArgumentException error = Assert.Throws<ArgumentException>(() => Create<SileroVad>(session));
        Assert.Contains("The session for lookalike was opened with another signature than SileroVad.Signature.", error.Message);
        using var x = OnnxTensor<float>.Allocate(1, 512);
        using var state = OnnxTensor<float>.Allocate(2, 1, 128);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        Assert.Throws<ObjectDisposedException>(() => session.Run(new OnnxTensor[] { x, state, sr }));
    }

    [Fact]
    public void TheStaticMembers_SayWhatTheItemSays()
    {
        Assert.Equal("models/silero_vad_16k_op15.onnx", DefaultModelPathOf<SileroVad>());
        Assert.Null(ItemBatchDimOf<SileroVad>());

        // An item with BatchDim: the class says so; an item with SplitsFixedBatch: Create turns it on, as the constructors do.
        Type batched = Compile(WriteBytes(ReadyModels.Projection("batch"), "factory-batch-dim.onnx"), "Batched", withItem: item => item with { BatchDim = "batch" });
        Assert.Equal("batch", Generic(nameof(ItemBatchDimOf), batched).Invoke(null, null));
        Assert.Equal("models/Batched.onnx", Generic(nameof(DefaultModelPathOf), batched).Invoke(null, null));

        string fixedPath = WriteBytes(ReadyModels.Projection(4L), "factory-batch4.onnx");
        Type splitting = Compile(fixedPath, "Splitting", withItem: item => item with { SplitsFixedBatch = true });
        Assert.Null(Generic(nameof(ItemBatchDimOf), splitting).Invoke(null, null));
        var signature = (ModelSignature)splitting.GetProperty("Signature")!.GetValue(null)!;
        ModelSession session = ModelSession.ForDevice(fixedPath, signature, BufferDevice.Cpu);
        using var model = (IOnnxModel)Generic(nameof(Create), splitting).Invoke(null, new object[] { session })!;
        Assert.True(session.SplitsFixedBatch);
        Assert.Same(session, model.Model);
    }

    private static MethodInfo Generic(string name, Type type) =>
        typeof(GeneratedFactoryTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);

    private static Type Compile(string path, string className, Func<ModelItem, ModelItem> withItem)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(
            new[] { withItem(new ModelItem(path, ClassName: className, Namespace: "Factory", TargetPath: $"models/{className}.onnx")) },
            GeneratorHarness.CreateCompilation(GeneratorHarness.CoreReferences, "internal static class Consumer { }"));
        Assert.Empty(outcome.GeneratorDiagnostics);
        using var image = new MemoryStream();
        EmitResult emitted = outcome.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray()).GetType("Factory." + className, throwOnError: true)!;
    }
}
