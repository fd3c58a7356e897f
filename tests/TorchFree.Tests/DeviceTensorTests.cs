using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;
using static OnnxTyped.TestModels.ModelBuilder;

namespace OnnxTyped.TorchFree.Tests;

/// <summary>
/// Device-resident typed tensors on real CPU sessions, where the session's device is the host and its allocator ONNX
/// Runtime's CPU allocator: the same path a CUDA session takes, with another memory info (docs/cuda.md). Every result
/// is compared with ONNX Runtime's plain Run; what is bound is read from the runner's binding; what is owned, from the
/// native ledger. Tensors "on cuda:0" here are host memory labelled so, to check what is refused before anything
/// touches them.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class DeviceTensorTests
{
    private static readonly byte[] Mlp = ReadyModels.Mlp(8, 8, 4, seed: 7);

    // y = a + b (its shape given by the inputs: pre-allocated), idx = NonZero(a) (shaped by the values: ONNX Runtime's).
    private static readonly byte[] AddAndNonZero = Build(
        new[] { Tensor("a", TensorElementType.Float, 8), Tensor("b", TensorElementType.Float, 8) },
        new[] { Tensor("y", TensorElementType.Float, 8), Tensor("idx", TensorElementType.Int64, 1, "nz") },
        new[] { Node("Add", new[] { "a", "b" }, new[] { "y" }), Node("NonZero", new[] { "a" }, new[] { "idx" }) });

    [Fact]
    public void AllocateTensor_OnACpuSession_IsHostMemoryFromOnnxRuntimesAllocator_FreedOnceWithTheTensor()
    {
        long values = NativeLedger.LiveValues, tensors = NativeLedger.LiveSessionTensors, blocks = NativeLedger.LiveBlocks;
        using InferenceSession session = Models.Open(Mlp);
        using var model = new ModelSession(session, ModelSignature.Of(session));
        Assert.Equal(BufferDevice.Cpu, model.TensorDevice);

        OnnxTensor<float> x = model.AllocateTensor<float>(2, 8);
        Assert.Equal(BufferDevice.Cpu, x.Device);
        Assert.Equal(new long[] { 2, 8 }, x.Shape.ToArray());
        Assert.Equal(tensors + 1, NativeLedger.LiveSessionTensors);
        Assert.Equal(values + 1, NativeLedger.LiveValues);   // the OrtValue that owns the memory
        Assert.Equal(blocks, NativeLedger.LiveBlocks);       // not one of the runtime's own blocks
        x.Span.Fill(0.25f);
        Assert.All(x.ToArray(), v => Assert.Equal(0.25f, v));

        x.Dispose();
        x.Dispose();
        Assert.Equal(tensors, NativeLedger.LiveSessionTensors);
        Assert.Equal(values, NativeLedger.LiveValues);
    }

    [Fact]
    public void SessionTensors_AreBoundInPlace_AsInputAndAsRunIntoOutput_AndStayBound()
    {
        using InferenceSession session = Models.Open(Mlp);
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = model.AllocateTensor<float>(2, 8), y = model.AllocateTensor<float>(2, 4);
        using ModelRunner<OnnxTensor, OnnxTensorFrontEnd> runner = OnnxTensorFrontEnd.NewRunner(model.Plan);
        float[] values = Enumerable.Range(0, 16).Select(i => i / 16f - 0.5f).ToArray();
        for (int call = 0; call < 3; call++)
        {
            for (int i = 0; i < values.Length; i++) values[i] += 0.125f;
            x.CopyFrom(values);                                       // same memory, new values
            long made = NativeLedger.ValuesMade;
            runner.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { y }, allowEmpty: false);
            Assert.Equal(AddressOf(x), runner.Binding.BoundAddress(input: true, 0));
            Assert.Equal(AddressOf(y), runner.Binding.BoundAddress(input: false, 0));
            if (call > 0) Assert.Equal(made, NativeLedger.ValuesMade); // both stayed bound: nothing described or copied afresh
            PlainRun.AssertSame(session, new OnnxTensor[] { x }, new OnnxTensor[] { y });
        }
        y.Span.Clear();
        model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { y });
        PlainRun.AssertSame(session, new OnnxTensor[] { x }, new OnnxTensor[] { y });
    }

    [Fact]
    public void OutputsOnDevice_ComeFromTheSessionsAllocator_OrOnnxRuntime_AndEqualAPlainRun()
    {
        long values = NativeLedger.LiveValues, tensors = NativeLedger.LiveSessionTensors;
        using (InferenceSession session = Models.Open(AddAndNonZero))
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        using (OnnxTensor<float> a = model.AllocateTensor<float>(8), b = OnnxTensor<float>.FromArray(Enumerable.Range(0, 8).Select(i => i * 0.5f).ToArray(), 8))
        {
            Assert.False(model.OutputsOnDevice);
            model.OutputsOnDevice = true;
            Assert.True(model.OutputsOnDevice);
            for (int call = 0; call < 4; call++)
            {
                a.CopyFrom(new float[] { call % 2, 0, 3, 0, call, 1, 0, 2 });
                long before = NativeLedger.LiveSessionTensors, blocks = NativeLedger.BlocksAllocated;
                OnnxTensor[] outputs = model.Run(new OnnxTensor[] { a, b });
                PlainRun.AssertSame(session, new OnnxTensor[] { a, b }, outputs);
                Assert.All(outputs, o => Assert.Equal(BufferDevice.Cpu, o.Device));
                Assert.Equal(blocks, NativeLedger.BlocksAllocated); // no block of the runner's pool
                if (call == 0) Assert.Equal(before + 1, NativeLedger.LiveSessionTensors); // y pre-allocated there; idx ONNX Runtime's own
                foreach (OnnxTensor output in outputs) output.Dispose();
                Assert.Equal(before, NativeLedger.LiveSessionTensors);
            }
            model.OutputsOnDevice = false;
            long off = NativeLedger.LiveSessionTensors;
            OnnxTensor[] hostOutputs = model.Run(new OnnxTensor[] { a, b });
            Assert.Equal(off, NativeLedger.LiveSessionTensors);         // back to the runner's blocks
            PlainRun.AssertSame(session, new OnnxTensor[] { a, b }, hostOutputs);
            foreach (OnnxTensor output in hostOutputs) output.Dispose();
        }
        Assert.Equal(tensors, NativeLedger.LiveSessionTensors);
        Assert.Equal(values, NativeLedger.LiveValues);
    }

    [Fact]
    public void Copies_BothWays_BetweenASessionTensorAndHostMemory()
    {
        using InferenceSession session = Models.Open(Mlp);
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> device = model.AllocateTensor<float>(2, 3);
        float[] values = { 1, -2, 3.5f, 4, 0, -6 };
        device.CopyFrom(values);
        Assert.Equal(values, device.ToArray());
        var back = new float[6];
        device.CopyTo(back);
        Assert.Equal(values, back);

        using OnnxTensor<float> managed = OnnxTensor<float>.FromArray(new float[6], 2, 3);
        device.CopyTo(managed);
        Assert.Equal(values, managed.ToArray());
        managed.Span[0] = 42;
        managed.CopyTo(device);
        Assert.Equal(42, device.Span[0]);

        using OnnxTensor<float> host = device.ToHost();
        Assert.Equal(BufferDevice.Cpu, host.Device);
        Assert.Equal(device.Shape.ToArray(), host.Shape.ToArray());
        Assert.NotEqual(AddressOf(device), AddressOf(host));
        Assert.Equal(device.ToArray(), host.ToArray());

        Assert.Throws<ArgumentException>(() => device.CopyTo(new float[5]));
        Assert.Throws<ArgumentException>(() => device.CopyFrom(new float[7]));
        using OnnxTensor<float> transposed = OnnxTensor<float>.FromArray(new float[6], 3, 2);
        Assert.Contains("[3, 2]", Assert.Throws<ArgumentException>(() => device.CopyTo(transposed)).Message);
        OnnxTensor<float> gone = model.AllocateTensor<float>(2, 3);
        gone.Dispose();
        Assert.Throws<ObjectDisposedException>(() => gone.CopyFrom(values));
        Assert.Throws<ObjectDisposedException>(() => device.CopyTo(gone));
    }

    [Fact]
    public unsafe void OnnxRuntimesCopyTensors_FindsNoTransferForHostMemory_SoHostToHostIsAPlainCopy()
    {
        // The device route's own call (OrtEnv.CopyTensors, no stream) on real ONNX Runtime 1.32, between CPU memory infos:
        // the environment holds only the data transfers of registered provider libraries, none for host memory. The values
        // are made and released (the ledger), and nothing is written.
        long values = NativeLedger.LiveValues;
        double[] source = { 1.5, -2, 3e10, double.Epsilon }, destination = new double[4];
        OnnxRuntimeException error;
        fixed (double* from = source, to = destination)
        {
            IntPtr fromAddress = (IntPtr)from, toAddress = (IntPtr)to;
            error = Assert.Throws<OnnxRuntimeException>(() => TensorCopies.ThroughOnnxRuntime(
                fromAddress, BufferDevice.Cpu, toAddress, BufferDevice.Cpu, TensorElementType.Double, 4, 4 * sizeof(double)));
        }
        Assert.Contains("Data transfer implementation between source and destination device was not found", error.Message);
        Assert.Equal(new double[4], destination);
        Assert.Equal(values, NativeLedger.LiveValues);
    }

    [Fact]
    public void ACopyToOrFromCuda_WithoutOnnxRuntimesGpuBuild_FailsSayingWhy_AndTouchesNoMemory()
    {
        var memory = GC.AllocateArray<float>(4, pinned: true);
        using OnnxTensor<float> onCuda = OnCuda(memory, 0, 4);
        long blocks = NativeLedger.LiveBlocks;
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => onCuda.CopyFrom(new float[] { 1, 2, 3, 4 }));
        Assert.Contains(CudaDataTransfer.LibraryFileName(OperatingSystem.IsWindows()), error.Message);
        Assert.Equal(new float[4], memory);                  // never written as if it were host memory
        Assert.Throws<InvalidOperationException>(() => onCuda.ToArray());
        Assert.Throws<InvalidOperationException>(() => onCuda.ToHost());
        Assert.Equal(blocks, NativeLedger.LiveBlocks);       // the host copy ToHost made was freed
    }

    [Fact]
    public void TheSpanOfATensorOnCuda_Throws_SayingWhereItIsAndWhatToDo()
    {
        using OnnxTensor<float> onCuda = OnCuda(GC.AllocateArray<float>(4, pinned: true), 0, 4);
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => onCuda.Span.Length);
        Assert.Contains("cuda:0", error.Message);
        Assert.Contains("cannot be read from the host", error.Message);
        Assert.Contains("ToHost", error.Message);
    }

    [Fact]
    public void ACudaInput_IsRefusedNamingIt_ByASessionWithoutAGpuProvider_AndOnAnotherDevice()
    {
        using InferenceSession session = Models.Open(Mlp);
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> onCuda0 = OnCuda(GC.AllocateArray<float>(8, pinned: true), 0, 1, 8);
        OnnxInputException noGpu = Assert.Throws<OnnxInputException>(() => model.Run(new OnnxTensor[] { onCuda0 }));
        Assert.Equal("x", noGpu.InputName);
        Assert.Equal("cuda:0", noGpu.Actual);
        Assert.Contains("no GPU execution provider", noGpu.Message);

        using ModelRunner<OnnxTensor, OnnxTensorFrontEnd> runner = OnnxTensorFrontEnd.NewRunner(CudaPlan(session, device: 0));
        using OnnxTensor<float> onCuda1 = OnCuda(GC.AllocateArray<float>(8, pinned: true), 1, 1, 8);
        OnnxInputException otherDevice = Assert.Throws<OnnxInputException>(() => runner.Run(new OnnxTensor[] { onCuda1 }, allowEmpty: false));
        Assert.Equal("x", otherDevice.InputName);
        Assert.Equal("cuda:0", otherDevice.Expected);
        Assert.Equal("cuda:1", otherDevice.Actual);
    }

    [Fact]
    public void ACudaRunIntoOutput_IsRefusedNamingIt_ByASessionWithoutAGpuProvider_AndOnAnotherDevice()
    {
        using InferenceSession session = Models.Open(Mlp);
        using var model = new ModelSession(session, ModelSignature.Of(session));
        using OnnxTensor<float> x = OnnxTensor<float>.Allocate(1, 8);
        using OnnxTensor<float> onCuda0 = OnCuda(GC.AllocateArray<float>(4, pinned: true), 0, 1, 4);
        OnnxOutputException noGpu = Assert.Throws<OnnxOutputException>(() => model.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { onCuda0 }));
        Assert.Equal("y", noGpu.OutputName);
        Assert.Contains("no GPU execution provider", noGpu.Message);

        using ModelRunner<OnnxTensor, OnnxTensorFrontEnd> runner = OnnxTensorFrontEnd.NewRunner(CudaPlan(session, device: 0));
        using OnnxTensor<float> onCuda1 = OnCuda(GC.AllocateArray<float>(4, pinned: true), 1, 1, 4);
        OnnxOutputException otherDevice = Assert.Throws<OnnxOutputException>(() => runner.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { onCuda1 }, allowEmpty: false));
        Assert.Equal("y", otherDevice.OutputName);
        Assert.Contains("runs on cuda:0", otherDevice.Message);
    }

    [Fact]
    public void ASessionTensorDisposedDuringTheCall_BeforeItIsBound_IsRefusedNamingIt()
    {
        using InferenceSession session = Models.Open(AddAndNonZero);
        using var model = new ModelSession(session, ModelSignature.Of(session));
        var memory = new CountingMemory<float>(8);
        using OnnxTensor<float> a = OnnxTensor<float>.FromMemory(memory.Memory, 8);
        OnnxTensor<float> b = model.AllocateTensor<float>(8);
        memory.OnPin = () => b.Dispose(); // a is bound first: b goes after the checks, before its own bind
        OnnxInputException error = Assert.Throws<OnnxInputException>(() => model.Run(new OnnxTensor[] { a, b }));
        Assert.Equal("b", error.InputName);
        Assert.Contains("disposed during the call", error.Message);
    }

    [Fact]
    public void ASessionTensorDisposedDuringTheCall_AfterItIsBound_IsFreedOnlyWhenTheCallLetsGo()
    {
        long tensors = NativeLedger.LiveSessionTensors;
        using InferenceSession session = Models.Open(AddAndNonZero);
        using var model = new ModelSession(session, ModelSignature.Of(session));
        OnnxTensor<float> a = model.AllocateTensor<float>(8);
        a.CopyFrom(new float[] { 1, 0, 2, 0, 3, 0, 4, 5 });
        var memory = new CountingMemory<float>(8);
        using OnnxTensor<float> b = OnnxTensor<float>.FromMemory(memory.Memory, 8);
        b.Span.Fill(0.5f);
        using OnnxTensor<float> aCopy = a.ToHost();
        byte[][] expected = PlainRun.Outputs(session, new OnnxTensor[] { aCopy, b }).Select(o => o.Bytes).ToArray();
        long? liveDuringCall = null;
        memory.OnPin = () =>
        {
            a.Dispose();                                  // a is bound already: the call holds it
            liveDuringCall = NativeLedger.LiveSessionTensors;
        };
        OnnxTensor[] outputs = model.Run(new OnnxTensor[] { a, b });
        Assert.Equal(tensors + 1, liveDuringCall);
        Assert.Equal(tensors, NativeLedger.LiveSessionTensors); // freed when the call let go
        Assert.Equal(expected, outputs.Select(PlainRun.BytesOf).ToArray());
        foreach (OnnxTensor output in outputs) output.Dispose();
    }

    [Fact]
    public void OutputsOnDevice_AndMicroBatching_RefuseEachOther()
    {
        using InferenceSession session = Models.Open(Mlp);
        using (var model = new ModelSession(session, ModelSignature.Of(session)))
        {
            model.EnableMicroBatching(new MicroBatchOptions());
            Assert.Contains("host memory", Assert.Throws<InvalidOperationException>(() => model.OutputsOnDevice = true).Message);
            Assert.False(model.OutputsOnDevice);
        }
        using (var model = new ModelSession(session, ModelSignature.Of(session)) { OutputsOnDevice = true })
            Assert.Contains("OutputsOnDevice", Assert.Throws<InvalidOperationException>(() => model.EnableMicroBatching(new MicroBatchOptions())).Message);
    }

    [Fact]
    public void ASplitBatch_RefusesCudaInputs_AndOutputsLeftOnCuda_BeforeAnyChunkRuns()
    {
        using InferenceSession session = Models.Open(Mlp);
        SessionPlan plan = CudaPlan(session, device: 0);
        var limits = new BatchLimits(Max: 2, Min: null);
        using (ModelRunner<OnnxTensor, OnnxTensorFrontEnd> runner = OnnxTensorFrontEnd.NewRunner(plan))
        using (OnnxTensor<float> onCuda = OnCuda(GC.AllocateArray<float>(32, pinned: true), 0, 4, 8))
        {
            OnnxInputException error = Assert.Throws<OnnxInputException>(() => runner.Run(new OnnxTensor[] { onCuda }, allowEmpty: false, limits));
            Assert.Equal("x", error.InputName);
            Assert.Contains("split into chunks in host memory", error.Message);
        }
        plan.OutputsOnDevice = true;
        using var deviceMemory = new SessionTensorAllocator(plan, holdSession: () => { }, releaseSession: () => { }); // allocates nothing here
        using (ModelRunner<OnnxTensor, OnnxTensorFrontEnd> runner = OnnxTensorFrontEnd.NewRunner(plan, deviceMemory))
        using (OnnxTensor<float> host = OnnxTensor<float>.Allocate(4, 8))
            Assert.Contains("OutputsOnDevice", Assert.Throws<InvalidOperationException>(() => runner.Run(new OnnxTensor[] { host }, allowEmpty: false, limits)).Message);
    }

    [Fact]
    public void ASessionTensor_HoldsTheSessionOpen_UntilItIsDisposed()
    {
        // ONNX Runtime's allocator over a session is invalid once the session is: the tensor keeps the session, as a call does.
        long values = NativeLedger.LiveValues, tensors = NativeLedger.LiveSessionTensors, bindings = NativeLedger.LiveBindings;
        string path = TempModel(Mlp);
        try
        {
            using InferenceSession plain = Models.Open(path);
            var model = new ModelSession(path, ModelSignature.Of(plain));
            OnnxTensor<float> kept = model.AllocateTensor<float>(4);
            kept.CopyFrom(new float[] { 1, 2, 3, 4 });
            model.Dispose();
            Assert.False(IsFreed(model.Session), "the session was freed while a tensor from its allocator lived");
            Assert.Throws<ObjectDisposedException>(() => model.AllocateTensor<float>(4));
            Assert.Equal(new float[] { 1, 2, 3, 4 }, kept.ToArray());
            kept.Dispose();
            Assert.True(IsFreed(model.Session));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
        Assert.Equal(tensors, NativeLedger.LiveSessionTensors);
        Assert.Equal(values, NativeLedger.LiveValues);
        Assert.Equal(bindings, NativeLedger.LiveBindings);
    }

    [Fact]
    public void ASessionTensorNeverDisposed_IsFreedByItsFinalizer_AndThenLetsTheSessionGo()
    {
        Collect(); // what other tests left for the finalizers goes first
        long tensors = NativeLedger.LiveSessionTensors;
        string path = TempModel(Mlp);
        try
        {
            using InferenceSession plain = Models.Open(path);
            var model = new ModelSession(path, ModelSignature.Of(plain));
            AllocateAndDrop(model);
            model.Dispose();
            Assert.Equal(tensors + 1, NativeLedger.LiveSessionTensors);
            Collect();
            Assert.Equal(tensors, NativeLedger.LiveSessionTensors);
            Assert.True(IsFreed(model.Session));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void ManyCallsOnSessionTensors_LeaveNothingBehind()
    {
        long values = NativeLedger.LiveValues, tensors = NativeLedger.LiveSessionTensors, bindings = NativeLedger.LiveBindings;
        using (InferenceSession session = Models.Open(AddAndNonZero))
        using (var model = new ModelSession(session, ModelSignature.Of(session)) { OutputsOnDevice = true })
        using (OnnxTensor<float> a = model.AllocateTensor<float>(8), b = model.AllocateTensor<float>(8), y = model.AllocateTensor<float>(8))
        {
            b.CopyFrom(new float[] { 1, 1, 1, 1, 2, 2, 2, 2 });
            for (int call = 0; call < 20; call++)
            {
                a.CopyFrom(Enumerable.Range(0, 8).Select(i => (float)((i + call) % 3)).ToArray());
                OnnxTensor[] outputs = model.Run(new OnnxTensor[] { a, b });
                foreach (OnnxTensor output in outputs) output.Dispose();
            }
        }
        Assert.Equal(tensors, NativeLedger.LiveSessionTensors);
        Assert.Equal(values, NativeLedger.LiveValues);
        Assert.Equal(bindings, NativeLedger.LiveBindings);
    }

    // Host memory labelled as being on cuda:<device>: what is refused before it is touched can be checked on the CPU.
    private static OnnxTensor<float> OnCuda(float[] pinned, int device, params long[] shape) =>
        new(NativeTensorMemory.Borrowed(Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0)), shape, BufferDevice.Cuda(device));

    // A plan over a real CPU session that says the session reads its inputs on cuda:<device>.
    private static SessionPlan CudaPlan(InferenceSession session, int device) =>
        new(session, ModelSignature.Of(session), new SessionInputs(new BufferDevice?[] { BufferDevice.Cuda(device) }, acceptsCuda: true, cudaDevice: device));

    private static IntPtr AddressOf(OnnxTensor tensor)
    {
        var pin = new PinnedTensor();
        IntPtr address = tensor.Pin(ref pin);
        tensor.Unpin(ref pin);
        return address;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateAndDrop(ModelSession model) => model.AllocateTensor<float>(16).CopyFrom(new float[16]);

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string TempModel(byte[] model)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "onnxtyped-device-tensors-" + Guid.NewGuid().ToString("N") + ".onnx");
        System.IO.File.WriteAllBytes(path, model);
        return path;
    }

    // ONNX Runtime does not say whether a session was disposed; the runtime's own check reads it.
    private static bool IsFreed(InferenceSession session)
    {
        try
        {
            SessionLiveness.EnsureAlive(session, "test");
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
