using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.ExecutionProviders.Tests;

/// <summary>
/// The CUDA path of the binding core on a real GPU, with no TorchSharp CUDA build: device memory comes from ONNX
/// Runtime's own CUDA allocator (an output it allocated on the device), results are compared element by element with a
/// plain CPU session's Run. Skipped where the CUDA provider cannot be registered (every machine this project reaches).
/// </summary>
public sealed class CoreCudaTests
{
    private static readonly string[] CudaThenCpu = { ExecutionProviderNames.Cuda, ExecutionProviderNames.Cpu };
    private static readonly byte[] Mlp = ReadyModels.Mlp(8, 8, 4, seed: 7);
    private static readonly byte[] Identity = ReadyModels.Identity(TensorElementType.Float, "batch", 8);

    [CudaProviderFact]
    public void CudaBuffers_BoundByAddress_GiveWhatAPlainCpuRunGives()
    {
        float[] x = Values(2 * 8, seed: 3);
        using InferenceSession copier = CudaSession(Identity), mlp = CudaSession(Mlp);

        // The input on the device: ONNX Runtime copies x there as the Identity's output.
        using OrtValue onDevice = RunOnce(copier, Host(x, 2, 8), BufferDevice.Cuda(0));
        var plan = new SessionPlan(mlp, ModelSignature.Of(mlp), CudaThenCpu);
        Assert.True(plan.AcceptsCuda);
        Assert.Equal(0, plan.CudaDevice);
        Assert.True(plan.InputStaysBound(0, BufferDevice.Cuda(0)));   // read in place: no copy at bind

        using OrtValue result = RunOnce(plan, new TensorBuffer(AddressOf(onDevice), new long[] { 2, 8 }, TensorElementType.Float, BufferDevice.Cuda(0)), BufferDevice.Cpu);
        Assert.Equal(PlainCpuRun(Mlp, x, 2), result.GetTensorDataAsSpan<float>().ToArray());
    }

    [CudaProviderFact]
    public void HostBuffer_OnACudaSession_IsBoundAgainEveryCall_SoInPlaceChangesAreSeen()
    {
        // ONNX Runtime copies a host buffer to the device when it is bound; keeping that binding would feed the first values forever.
        using InferenceSession mlp = CudaSession(Mlp);
        var plan = new SessionPlan(mlp, ModelSignature.Of(mlp), CudaThenCpu);
        Assert.False(plan.InputStaysBound(0, BufferDevice.Cpu));
        float[] x = Values(8, seed: 5);
        GCHandle pin = GCHandle.Alloc(x, GCHandleType.Pinned);
        try
        {
            using var runner = new IoBindingRunner(plan);
            var buffer = new TensorBuffer(pin.AddrOfPinnedObject(), new long[] { 1, 8 }, TensorElementType.Float, BufferDevice.Cpu);
            for (int call = 0; call < 3; call++)
            {
                for (int i = 0; i < x.Length; i++) x[i] += 0.25f;           // same address, new values
                using OrtValue result = RunOnce(runner, buffer, BufferDevice.Cpu);
                Assert.Equal(PlainCpuRun(Mlp, x, 1), result.GetTensorDataAsSpan<float>().ToArray());
            }
        }
        finally
        {
            pin.Free();
        }
    }

    [CudaProviderFact]
    public void TypedFrontEnd_OnACudaSession_GivesWhatAPlainCpuRunGives_EveryCall()
    {
        // Host tensors on a session opened for the GPU: ONNX Runtime copies inputs in and outputs back every call.
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "onnxtyped-cuda-mlp-" + Guid.NewGuid().ToString("N") + ".onnx");
        System.IO.File.WriteAllBytes(path, Mlp);
        try
        {
            using InferenceSession plain = new(Mlp);
            using ModelSession model = ModelSession.ForDevice(path, ModelSignature.Of(plain), BufferDevice.Cuda(0), DeviceFallback.Fail);
            Assert.Equal(BufferDevice.Cuda(0), model.Device);
            float[] x = Values(2 * 8, seed: 9);
            using OnnxTensor<float> input = OnnxTensor<float>.FromArray(x, 2, 8);
            using OnnxTensor<float> into = OnnxTensor<float>.Allocate(2, 4);
            for (int call = 0; call < 3; call++)
            {
                for (int i = 0; i < x.Length; i++) x[i] += 0.5f;               // same memory, new values
                OnnxTensor[] outputs = model.Run(new OnnxTensor[] { input });
                Assert.Equal(PlainCpuRun(Mlp, x, 2), ((OnnxTensor<float>)outputs[0]).ToArray());
                outputs[0].Dispose();
                model.RunInto(new OnnxTensor[] { input }, new OnnxTensor[] { into });
                Assert.Equal(PlainCpuRun(Mlp, x, 2), into.ToArray());
            }
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private static InferenceSession CudaSession(byte[] model)
    {
        using var options = new SessionOptions();
        options.AppendExecutionProvider_CUDA(0);
        return new InferenceSession(model, options);
    }

    private static OrtValue RunOnce(InferenceSession session, OrtValue input, BufferDevice outputDevice)
    {
        using (input)
        {
            var plan = new SessionPlan(session, ModelSignature.Of(session), CudaThenCpu);
            return RunOnce(plan, new TensorBuffer(AddressOf(input), input.GetTensorTypeAndShape().Shape, TensorElementType.Float, BufferDevice.Cpu), outputDevice);
        }
    }

    private static OrtValue RunOnce(SessionPlan plan, TensorBuffer input, BufferDevice outputDevice)
    {
        using var runner = new IoBindingRunner(plan);
        return RunOnce(runner, input, outputDevice);
    }

    // One call through the core: the input bound by address, the output allocated by ONNX Runtime on outputDevice.
    private static OrtValue RunOnce(IoBindingRunner runner, TensorBuffer input, BufferDevice outputDevice)
    {
        var produced = new OrtValue?[1];
        bool succeeded = false;
        try
        {
            runner.BindInput(0, input);
            runner.BindOutputToDevice(0, outputDevice);
            runner.Run(input.Device);
            runner.TakeOrtAllocated(produced);
            succeeded = true;
            return produced[0]!;
        }
        finally
        {
            runner.EndCall(succeeded);
        }
    }

    private static OrtValue Host(float[] values, params long[] shape) => OrtValue.CreateTensorValueFromMemory(values, shape);

    // The address of a value's memory (device memory is never read here).
    private static unsafe IntPtr AddressOf(OrtValue value) =>
        (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(value.GetTensorMutableRawData()));

    internal static float[] PlainCpuRun(byte[] model, float[] x, long rows)
    {
        using var session = new InferenceSession(model);
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(x, new[] { rows, 8L });
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, new[] { "x" }, new[] { input }, session.OutputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    internal static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() - 0.5);
        return values;
    }
}
