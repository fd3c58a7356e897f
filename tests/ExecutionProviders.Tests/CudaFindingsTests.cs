using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using OnnxTyped.Interop;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.ExecutionProviders.Tests;

/// <summary>
/// The review findings N1–N3 (docs/cuda.md) on a real GPU, through the core and the CUDA runtime calls (no CUDA torch
/// build here). Skipped where the CUDA provider cannot be registered, which is every machine this project reaches: they
/// have never run.
/// </summary>
public sealed class CudaFindingsTests
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private static readonly string[] CudaThenCpu = { ExecutionProviderNames.Cuda, ExecutionProviderNames.Cpu };

    [SecondCudaDeviceFact]
    public void N1_ARunAndACopyOnCuda1_LeaveTheCallerOnDevice0()
    {
        ICudaRuntimeApi cuda = CudaRuntime.Native;
        Assert.True(cuda.IsAvailable);
        byte[] identity = ReadyModels.Identity(TensorElementType.Float, "n");   // a dynamic output: ONNX Runtime allocates it
        using InferenceSession session = CudaSession(identity, device: 1);
        var plan = new SessionPlan(session, ModelSignature.Of(session), CudaThenCpu);
        using var runner = new IoBindingRunner(plan);
        float[] x = { 1, 2, 3, 4 };
        GCHandle pin = GCHandle.Alloc(x, GCHandleType.Pinned);
        try
        {
            var input = new TensorBuffer(pin.AddrOfPinnedObject(), new long[] { 4 }, TensorElementType.Float, BufferDevice.Cpu);
            cuda.SetDevice(0);
            using OrtValue first = RunOnDevice(cuda, runner, input, BufferDevice.Cuda(1));
            Assert.Equal(0, cuda.GetDevice());
            using OrtValue second = RunOnDevice(cuda, runner, input, BufferDevice.Cuda(1));
            CudaDeviceCalls.CopyDeviceToDevice(cuda, AddressOf(second), AddressOf(first), 4 * sizeof(float), device: 1);
            Assert.Equal(0, cuda.GetDevice());
        }
        finally
        {
            pin.Free();
        }
    }

    [CudaProviderFact]
    public void N2_AfterARunFailsWithKernelsQueued_ASentinelWrittenAtOnceSurvives()
    {
        // x → 300 Adds → a (bound by address) → Reshape → r, bound with the wrong shape: the run fails when r is
        // allocated, while the Adds into a may still be queued on ONNX Runtime's stream.
        const int n = 1 << 24, adds = 300;
        var nodes = Enumerable.Range(0, adds).Select(i => Node("Add", new[] { i == 0 ? "x" : "t" + (i - 1), "x" }, new[] { i == adds - 1 ? "a" : "t" + i })).ToList();
        nodes.Add(Node("Reshape", new[] { "a", "shape" }, new[] { "r" }));
        var shape = new TensorProto { Name = "shape", DataType = (int)TensorProto.Types.DataType.Int64 };
        shape.Dims.Add(2);
        shape.Int64Data.Add(new long[] { 2, n / 2 });
        byte[] model = Build(new[] { Tensor("x", Float, n) }, new[] { Tensor("a", Float, n), Tensor("r", Float, 2, n / 2) }, nodes, new[] { shape });

        ICudaRuntimeApi cuda = CudaRuntime.Native;
        using InferenceSession session = CudaSession(model, device: 0), copier = CudaSession(ReadyModels.Identity(TensorElementType.Float, "n"), device: 0);
        var plan = new SessionPlan(session, ModelSignature.Of(session), CudaThenCpu);
        using var runner = new IoBindingRunner(plan);
        using var copierRunner = new IoBindingRunner(new SessionPlan(copier, ModelSignature.Of(copier), CudaThenCpu));
        float[] ones = Enumerable.Repeat(1f, n).ToArray(), sentinel = Enumerable.Repeat(-7f, n).ToArray();
        GCHandle onesPin = GCHandle.Alloc(ones, GCHandleType.Pinned), sentinelPin = GCHandle.Alloc(sentinel, GCHandleType.Pinned);
        try
        {
            using OrtValue x = RunOnDevice(cuda, copierRunner, Host(onesPin, n), BufferDevice.Cuda(0));
            using OrtValue a = RunOnDevice(cuda, copierRunner, Host(sentinelPin, n), BufferDevice.Cuda(0));
            using OrtValue wrong = RunOnDevice(cuda, copierRunner, Host(sentinelPin, n), BufferDevice.Cuda(0));
            using OrtValue marks = RunOnDevice(cuda, copierRunner, Host(sentinelPin, n), BufferDevice.Cuda(0));
            runner.BindInput(0, Device(x, n));
            runner.BindOutput(0, Device(a, n));
            runner.BindOutput(1, new TensorBuffer(AddressOf(wrong), new long[] { n / 2, 2 }, TensorElementType.Float, BufferDevice.Cuda(0)));
            Assert.ThrowsAny<OnnxRuntimeException>(() => CudaDeviceCalls.RunKeepingCurrentDevice(cuda, BufferDevice.Cuda(0), runner, static (r, on) => r.Run(on)));
            runner.EndCall(succeeded: false);
            CudaDeviceCalls.CopyDeviceToDevice(cuda, AddressOf(a), AddressOf(marks), (long)n * sizeof(float), device: 0);   // the sentinel, at once

            using OrtValue back = RunOnDevice(cuda, copierRunner, Device(a, n), BufferDevice.Cpu);
            Assert.All(back.GetTensorDataAsSpan<float>().ToArray(), value => Assert.Equal(-7f, value));
        }
        finally
        {
            onesPin.Free();
            sentinelPin.Free();
        }
    }

    [CudaProviderFact]
    public void N3_EightThreadsOfTypedCalls_OnACudaSession_EqualACpuSession() => EightThreadsOfTypedCalls(providers: null);

    [CudaProviderFact]
    public void N3_UnderTensorRt_CallsRunOneAtATime_AndEqualACpuSession()
    {
        // TensorRT first (its engine is built on the first run; the CUDA provider takes what it declines).
        EightThreadsOfTypedCalls(new[] { ExecutionProviderNames.TensorRt, ExecutionProviderNames.Cuda, ExecutionProviderNames.Cpu });
    }

    private static void EightThreadsOfTypedCalls(string[]? providers)
    {
        byte[] mlp = ReadyModels.Mlp(8, 8, 4, seed: 7);
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "onnxtyped-cuda-n3-" + Guid.NewGuid().ToString("N") + ".onnx");
        System.IO.File.WriteAllBytes(path, mlp);
        try
        {
            using InferenceSession plain = new(mlp);
            using ModelSession gpu = ModelSession.ForDevice(path, ModelSignature.Of(plain), BufferDevice.Cuda(0), DeviceFallback.Fail, providers: providers);
            Assert.Equal(providers is not null, gpu.Plan.SerializesCalls);
            using ModelSession cpu = ModelSession.ForDevice(path, ModelSignature.Of(plain), BufferDevice.Cpu);
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
            {
                var random = new Random(thread);
                for (int call = 0; call < 2_000; call++)
                {
                    float[] x = Enumerable.Range(0, 16).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
                    using OnnxTensor<float> input = OnnxTensor<float>.FromArray(x, 2, 8);
                    OnnxTensor[] fromGpu = gpu.Run(new OnnxTensor[] { input }), fromCpu = cpu.Run(new OnnxTensor[] { input });
                    try
                    {
                        Assert.Equal(((OnnxTensor<float>)fromCpu[0]).ToArray(), ((OnnxTensor<float>)fromGpu[0]).ToArray(), new Tolerance());
                    }
                    finally
                    {
                        fromGpu[0].Dispose();
                        fromCpu[0].Dispose();
                    }
                }
            });
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    // GPU MatMul may sum in another order than the CPU's: equal to within float rounding of an 8-term sum.
    private sealed class Tolerance : System.Collections.Generic.IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= 1e-5f;
        public int GetHashCode(float value) => 0;
    }

    private static InferenceSession CudaSession(byte[] model, int device)
    {
        using var options = new SessionOptions();
        options.AppendExecutionProvider_CUDA(device);
        return new InferenceSession(model, options);
    }

    private static TensorBuffer Host(GCHandle pin, long n) => new(pin.AddrOfPinnedObject(), new[] { n }, TensorElementType.Float, BufferDevice.Cpu);

    private static TensorBuffer Device(OrtValue value, long n) => new(AddressOf(value), new[] { n }, TensorElementType.Float, BufferDevice.Cuda(0));

    // One call through the core with the caller's device kept: the input bound by address, the output allocated by ONNX Runtime on outputDevice.
    private static OrtValue RunOnDevice(ICudaRuntimeApi cuda, IoBindingRunner runner, TensorBuffer input, BufferDevice outputDevice)
    {
        var produced = new OrtValue?[1];
        bool succeeded = false;
        try
        {
            runner.BindInput(0, input);
            runner.BindOutputToDevice(0, outputDevice);
            CudaDeviceCalls.RunKeepingCurrentDevice(cuda, outputDevice.IsCuda ? outputDevice : input.Device, runner, static (r, on) => r.Run(on));
            runner.TakeOrtAllocated(produced);
            succeeded = true;
            return produced[0]!;
        }
        finally
        {
            runner.EndCall(succeeded);
        }
    }

    // The address of a value's memory (device memory is never read here).
    private static unsafe IntPtr AddressOf(OrtValue value) =>
        (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(value.GetTensorMutableRawData()));
}
