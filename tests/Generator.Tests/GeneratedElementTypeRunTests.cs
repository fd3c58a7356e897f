using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.Generator.Tests.Infrastructure.ModelFiles;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// Every element type the generator accepts, run end to end: one Identity model per type, generated and compiled in one
/// compilation, its typed <c>Run</c> taking <c>OnnxTensor&lt;T&gt;</c> of the .NET type written out here (not read from
/// the generator or the runtime, so a wrong pair in either cannot agree with itself), and giving plain <c>Run</c>'s bytes.
/// </summary>
public sealed class GeneratedElementTypeRunTests
{
    // ONNX element type number and the .NET type that holds it on the typed front-end.
    private static readonly (int Onnx, Type Dotnet)[] Supported =
    {
        (1, typeof(float)), (2, typeof(byte)), (3, typeof(sbyte)), (4, typeof(ushort)), (5, typeof(short)), (6, typeof(int)),
        (7, typeof(long)), (9, typeof(bool)), (10, typeof(Half)), (11, typeof(double)), (12, typeof(uint)), (13, typeof(ulong)),
        (16, typeof(BFloat16)),
    };

    [Fact]
    public void OneIdentityModelPerElementType_RunsThroughTheGeneratedTypedRun_LikePlainRun()
    {
        string[] paths = Supported.Select(s => WriteBytes(ReadyModels.Identity(s.Onnx, 2L, 3L), $"identity_{s.Onnx}.onnx")).ToArray();
        GeneratorOutcome outcome = GeneratorHarness.Run(paths.Select((path, i) => new ModelItem(path, ClassName: "Identity" + Supported[i].Onnx, Namespace: "InMemory")));
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompileProblems);
        using var image = new MemoryStream();
        EmitResult emitted = outcome.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        Assembly assembly = Assembly.Load(image.ToArray());

        MethodInfo runIdentity = typeof(GeneratedElementTypeRunTests).GetMethod(nameof(RunIdentity), BindingFlags.NonPublic | BindingFlags.Static)!;
        for (int i = 0; i < Supported.Length; i++)
        {
            Type model = assembly.GetType("InMemory.Identity" + Supported[i].Onnx, throwOnError: true)!;
            try
            {
                runIdentity.MakeGenericMethod(Supported[i].Dotnet).Invoke(null, new object[] { model, paths[i], Supported[i].Onnx });
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();   // the assertion's own message, not the reflection wrapper
            }
        }
    }

    private static void RunIdentity<T>(Type modelType, string path, int elementType) where T : unmanaged
    {
        var onnxType = (TensorElementType)elementType;
        Assert.Equal(onnxType, DotnetElementTypes.Of<T>());
        MethodInfo run = modelType.GetMethods().Single(m => m.Name == "Run" && m.ReturnType.Name == "Outputs");
        Assert.True(typeof(OnnxTensor<T>) == run.GetParameters().Single().ParameterType,
            $"{ElementTypes.OnnxName(onnxType)}: the generated Run takes {run.GetParameters().Single().ParameterType}, not OnnxTensor<{typeof(T).Name}>");

        byte[] bytes = Values(onnxType, 6 * Unsafe.SizeOf<T>());
        using var model = (IDisposable)Activator.CreateInstance(modelType, path, null, null)!;
        using var x = OnnxTensor<T>.FromArray(MemoryMarshal.Cast<byte, T>(bytes).ToArray(), 2, 3);
        using var result = (IDisposable)run.Invoke(model, new object[] { x })!;
        var y = (OnnxTensor<T>)result.GetType().GetProperty("Y")!.GetValue(result)!;

        using var session = new InferenceSession(path);
        PlainTensor expected = PlainOnnxRun.Outputs(session, new Dictionary<string, PlainTensor> { ["x"] = new(new long[] { 2, 3 }, onnxType, bytes) })[0];
        Assert.Equal(expected.Shape, y.Shape.ToArray());
        Assert.Equal(expected.Bytes, MemoryMarshal.AsBytes(y.ToArray().AsSpan()).ToArray());
    }

    // Random bytes (every bit pattern is a value of the numeric types), 0 and 1 for bool.
    private static byte[] Values(TensorElementType type, int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        if (type == TensorElementType.Bool)
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(bytes[i] & 1);
        return bytes;
    }
}
