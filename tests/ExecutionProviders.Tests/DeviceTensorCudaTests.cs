using System;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.ExecutionProviders.Tests;

/// <summary>
/// Device-resident typed tensors on a real GPU: tensors from the CUDA session's allocator, bound in place, outputs left on
/// the device, copies through ONNX Runtime's CUDA data transfer; every result compared with a plain CPU session's Run.
/// The same steps as tests/TorchFree.Tests/DeviceTensorTests.cs, which run on the CPU. Skipped where the CUDA provider
/// cannot be registered (every machine this project reaches): never run (docs/cuda.md).
/// </summary>
public sealed class DeviceTensorCudaTests : IDisposable
{
    private static readonly byte[] Mlp = ReadyModels.Mlp(8, 8, 4, seed: 7);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "onnxtyped-cuda-device-" + Guid.NewGuid().ToString("N") + ".onnx");

    public DeviceTensorCudaTests() => File.WriteAllBytes(_path, Mlp);

    [CudaProviderFact]
    public void SessionTensorsOnCuda_AreBoundInPlace_AndGiveWhatAPlainCpuRunGives()
    {
        using ModelSession model = OpenOnCuda0();
        Assert.Equal(BufferDevice.Cuda(0), model.TensorDevice);
        using OnnxTensor<float> x = model.AllocateTensor<float>(2, 8), y = model.AllocateTensor<float>(2, 4);
        Assert.Equal(BufferDevice.Cuda(0), x.Device);
        Assert.Throws<InvalidOperationException>(() => x.Span.Length);
        using ModelRunner<OnnxTensor, OnnxTensorFrontEnd> runner = OnnxTensorFrontEnd.NewRunner(model.Plan);
        float[] values = CoreCudaTests.Values(16, seed: 3);
        for (int call = 0; call < 3; call++)
        {
            for (int i = 0; i < values.Length; i++) values[i] += 0.25f;
            x.CopyFrom(values);
            long made = NativeLedger.ValuesMade;
            runner.RunInto(new OnnxTensor[] { x }, new OnnxTensor[] { y }, allowEmpty: false);
            Assert.Equal(AddressOf(x), runner.Binding.BoundAddress(input: true, 0));
            Assert.Equal(AddressOf(y), runner.Binding.BoundAddress(input: false, 0));
            if (call > 0) Assert.Equal(made, NativeLedger.ValuesMade);
            AssertClose(CoreCudaTests.PlainCpuRun(Mlp, values, 2), y.ToArray());
        }
    }

    [CudaProviderFact]
    public void OutputsOnDevice_StayOnCuda_AndCopyBackToWhatAPlainCpuRunGives()
    {
        using ModelSession model = OpenOnCuda0();
        model.OutputsOnDevice = true;
        float[] values = CoreCudaTests.Values(16, seed: 5);
        using OnnxTensor<float> x = OnnxTensor<float>.FromArray(values, 2, 8);
        OnnxTensor[] outputs = model.Run(new OnnxTensor[] { x });
        var y = (OnnxTensor<float>)outputs[0];
        Assert.Equal(BufferDevice.Cuda(0), y.Device);
        Assert.Throws<InvalidOperationException>(() => y.Span.Length);
        using (OnnxTensor<float> host = y.ToHost()) AssertClose(CoreCudaTests.PlainCpuRun(Mlp, values, 2), host.ToArray());
        var copied = new float[8];
        y.CopyTo(copied);
        AssertClose(CoreCudaTests.PlainCpuRun(Mlp, values, 2), copied);
        y.Dispose();
    }

    [CudaProviderFact]
    public void Copies_HostToDevice_DeviceToDevice_DeviceToHost_KeepTheValues_AndLeaveNothingBehind()
    {
        long values = NativeLedger.LiveValues, tensors = NativeLedger.LiveSessionTensors;
        using (ModelSession model = OpenOnCuda0())
        using (OnnxTensor<double> a = model.AllocateTensor<double>(3, 5), b = model.AllocateTensor<double>(3, 5))
        {
            double[] data = Enumerable.Range(0, 15).Select(i => i * 1.5 - 7).ToArray();
            a.CopyFrom(data);
            a.CopyTo(b);
            Assert.Equal(data, b.ToArray());
            using OnnxTensor<double> managed = OnnxTensor<double>.FromArray(new double[15], 3, 5);
            b.CopyTo(managed);
            Assert.Equal(data, managed.ToArray());
        }
        Assert.Equal(tensors, NativeLedger.LiveSessionTensors);
        Assert.Equal(values, NativeLedger.LiveValues);
    }

    [NoCudaProviderFact]
    public void ACopyToCuda_WhereTheCudaLibrariesCannotLoad_FailsSayingWhy_AndWritesNothing()
    {
        // The GPU build's CUDA provider library is registered for the copy's data transfer; here its CUDA dependencies are missing.
        float[] memory = GC.AllocateArray<float>(4, pinned: true);
        using var onCuda = new OnnxTensor<float>(
            NativeTensorMemory.Borrowed(System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(memory, 0)), new long[] { 4 }, BufferDevice.Cuda(0));
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => onCuda.CopyFrom(new float[] { 1, 2, 3, 4 }));
        Assert.Contains(CudaDataTransfer.LibraryFileName(OperatingSystem.IsWindows()), error.Message);
        Assert.IsType<OnnxRuntimeException>(error.InnerException);
        Assert.Equal(new float[4], memory);
    }

    private ModelSession OpenOnCuda0()
    {
        using var plain = new InferenceSession(Mlp);
        return ModelSession.ForDevice(_path, ModelSignature.Of(plain), BufferDevice.Cuda(0), DeviceFallback.Fail);
    }

    private static IntPtr AddressOf(OnnxTensor tensor)
    {
        var pin = new PinnedTensor();
        IntPtr address = tensor.Pin(ref pin);
        tensor.Unpin(ref pin);
        return address;
    }

    // CUDA kernels may round the last bit differently from the CPU's.
    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"element {i}: {actual[i]}, a CPU run gives {expected[i]}");
    }

    public void Dispose() => File.Delete(_path);
}
