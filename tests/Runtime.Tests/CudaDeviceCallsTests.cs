using System;
using System.Collections.Generic;
using System.Linq;
using OnnxTyped.Interop;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// The current-device bookkeeping and the wait after a failed run, over a fake CUDA runtime that records every call (no
/// GPU reaches this project; see docs/cuda.md, N1, N2, N7).
/// </summary>
public sealed class CudaDeviceCallsTests
{
    // Stands for ONNX Runtime's OnnxRuntimeException, whose constructor is not public.
    private sealed class RunFailed(string message) : Exception(message);

    private sealed class FakeCuda : ICudaRuntimeApi
    {
        public readonly List<string> Calls = new();
        public int Current;
        public Func<string, bool> Fails = _ => false;

        public bool IsAvailable => true;

        public int GetDevice()
        {
            Calls.Add("get");
            return Current;
        }

        public void SetDevice(int device)
        {
            Calls.Add("set " + device);
            if (Fails("set " + device)) throw new InvalidOperationException("CUDA cudaSetDevice failed (fake).");
            Current = device;
        }

        public void CopyDeviceToDevice(IntPtr destination, IntPtr source, long bytes)
        {
            Calls.Add("copy on " + Current);
            if (Fails("copy " + source)) throw new InvalidOperationException("CUDA cudaMemcpyAsync failed (fake).");
        }

        public void SynchronizeLegacyStream()
        {
            Calls.Add("wait on " + Current);
            if (Fails("wait")) throw new InvalidOperationException("CUDA cudaStreamSynchronize failed (fake).");
        }

        public void DeviceSynchronize()
        {
            Calls.Add("sync " + Current);
            if (Fails("sync")) throw new InvalidOperationException("CUDA cudaDeviceSynchronize failed (fake).");
        }
    }

    [Fact]
    public void CopyOnAnotherDevice_LeavesTheCallersDeviceCurrent()
    {
        var cuda = new FakeCuda { Current = 0 };
        CudaDeviceCalls.CopyDeviceToDevice(cuda, new IntPtr(16), new IntPtr(32), 64, device: 1);
        Assert.Equal(new[] { "get", "set 1", "copy on 1", "wait on 1", "set 0" }, cuda.Calls);
        Assert.Equal(0, cuda.Current);
    }

    [Fact]
    public void ARunsCopies_AreQueuedThenWaitedForOnce_NotOncePerOutput()
    {
        // N8: three outputs ONNX Runtime allocated on cuda:1, copied into torch's memory; one host wait for all three.
        var cuda = new FakeCuda { Current = 0 };
        var copies = new[] { new DeviceCopy(new IntPtr(16), new IntPtr(32), 64), new DeviceCopy(new IntPtr(48), new IntPtr(80), 0), new DeviceCopy(new IntPtr(96), new IntPtr(128), 8) };
        CudaDeviceCalls.CopyDeviceToDevice(cuda, copies, device: 1);
        Assert.Equal(new[] { "get", "set 1", "copy on 1", "copy on 1", "wait on 1", "set 0" }, cuda.Calls);   // the empty one is not queued
    }

    [Fact]
    public void OnlyEmptyCopies_NothingQueued_NoWait()
    {
        var cuda = new FakeCuda { Current = 1 };
        CudaDeviceCalls.CopyDeviceToDevice(cuda, new[] { new DeviceCopy(new IntPtr(16), new IntPtr(32), 0) }, device: 1);
        Assert.Equal(new[] { "get", "set 1", "set 1" }, cuda.Calls);
    }

    [Fact]
    public void ACopyFailsToQueue_TheOnesQueuedBeforeAreWaitedFor_ThenTheDeviceRestored_AndTheCopysErrorSurfaces()
    {
        // The caller releases every source after the error: the first copy must be done by then.
        var cuda = new FakeCuda { Current = 0, Fails = call => call == "copy 80" };
        var copies = new[] { new DeviceCopy(new IntPtr(16), new IntPtr(32), 64), new DeviceCopy(new IntPtr(48), new IntPtr(80), 64) };
        var error = Assert.Throws<InvalidOperationException>(() => CudaDeviceCalls.CopyDeviceToDevice(cuda, copies, device: 1));
        Assert.Contains("cudaMemcpyAsync", error.Message);
        Assert.Equal(new[] { "get", "set 1", "copy on 1", "copy on 1", "wait on 1", "set 0" }, cuda.Calls);
    }

    [Fact]
    public void FailedCopy_StillRestoresTheCallersDevice_AndSurfacesTheCopysError()
    {
        var cuda = new FakeCuda { Current = 0, Fails = call => call.StartsWith("copy", StringComparison.Ordinal) };
        var error = Assert.Throws<InvalidOperationException>(() => CudaDeviceCalls.CopyDeviceToDevice(cuda, new IntPtr(16), new IntPtr(32), 64, device: 1));
        Assert.Contains("cudaMemcpyAsync", error.Message);
        Assert.Equal(0, cuda.Current);
        Assert.Equal("set 0", cuda.Calls[^1]);
    }

    [Fact]
    public void SuccessfulRun_RestoresTheDevice_AndDoesNotWait()
    {
        var cuda = new FakeCuda { Current = 0 };
        CudaDeviceCalls.RunKeepingCurrentDevice(cuda, BufferDevice.Cuda(1), cuda, static (fake, on) => { fake.Calls.Add("run"); fake.SetDevice(on.Index); });
        Assert.Equal(new[] { "get", "run", "set 1", "set 0" }, cuda.Calls);
        Assert.Equal(0, cuda.Current);
    }

    [Fact]
    public void FailedRun_WaitsForTheSessionsDevice_BeforeTheCallerCleansUp_ThenRestores()
    {
        var cuda = new FakeCuda { Current = 0 };
        var error = Assert.Throws<RunFailed>(() =>
        {
            try
            {
                CudaDeviceCalls.RunKeepingCurrentDevice(cuda, BufferDevice.Cuda(1), cuda, static (fake, on) =>
                {
                    fake.Calls.Add("run");
                    fake.SetDevice(on.Index);
                    throw new RunFailed("run failed");
                });
            }
            finally
            {
                cuda.Calls.Add("free outputs and copies");   // what TorchRunner's finally and the memo's retry do next
            }
        });
        Assert.Equal("run failed", error.Message);
        Assert.Equal(new[] { "get", "run", "set 1", "set 1", "sync 1", "set 0", "free outputs and copies" }, cuda.Calls);
        Assert.Equal(0, cuda.Current);
    }

    [Fact]
    public void RestoreThatFailsAfterAFailedRun_KeepsTheRunsError_AndRecordsItsOwn()
    {
        var cuda = new FakeCuda { Current = 0, Fails = call => call == "set 0" };
        var runError = new RunFailed("the model's own error");
        var error = Assert.Throws<RunFailed>(() =>
            CudaDeviceCalls.RunKeepingCurrentDevice(cuda, BufferDevice.Cuda(1), runError, static (e, _) => throw e));
        Assert.Same(runError, error);
        Assert.Contains("restoring the current device cuda:0 failed too", (string)error.Data[CudaDeviceCalls.SecondaryFailureKey]!);
    }

    [Fact]
    public void WaitThatFailsAfterAFailedRun_KeepsTheRunsError_AndStillRestores()
    {
        var cuda = new FakeCuda { Current = 0, Fails = call => call == "sync" };
        var runError = new RunFailed("the model's own error");
        var error = Assert.Throws<RunFailed>(() =>
            CudaDeviceCalls.RunKeepingCurrentDevice(cuda, BufferDevice.Cuda(1), runError, static (e, _) => throw e));
        Assert.Same(runError, error);
        Assert.Contains("waiting for cuda:1", (string)error.Data[CudaDeviceCalls.SecondaryFailureKey]!);
        Assert.Equal(0, cuda.Current);
    }

    [Fact]
    public void RestoreThatFailsAfterASuccessfulRun_Throws()
    {
        var cuda = new FakeCuda { Current = 0, Fails = call => call == "set 0" };
        Assert.Throws<InvalidOperationException>(() => CudaDeviceCalls.RunKeepingCurrentDevice(cuda, BufferDevice.Cuda(0), 0, static (_, _) => { }));
    }

    [Fact]
    public void RunOnTheCpu_MakesNoCudaCall()
    {
        var cuda = new FakeCuda();
        Assert.Throws<RunFailed>(() =>
            CudaDeviceCalls.RunKeepingCurrentDevice(cuda, BufferDevice.Cpu, 0, static (_, _) => throw new RunFailed("cpu")));
        Assert.Empty(cuda.Calls);
    }

    [Fact]
    public void CudaRuntimeLibrary_PrefersTheOneMapped_ThenTheNames()
    {
        string[] mapped =
        {
            "/opt/torch/lib/libcudart-9335f6a2.so.12",
            "/usr/lib/x86_64-linux-gnu/libc.so.6",
            "/opt/ort/lib/libcudart.so.13.0.48",
            "/opt/ort/lib/libcudart.so.13.0.48",   // mapped in several segments
        };
        IReadOnlyList<string> candidates = CudaRuntimeLibraries.Candidates(mapped, CudaRuntimeLibraries.Names);
        Assert.Equal("/opt/ort/lib/libcudart.so.13.0.48", candidates[0]);
        Assert.Equal(CudaRuntimeLibraries.Names, candidates.Skip(1));
        Assert.DoesNotContain(candidates, c => c.Contains("9335f6a2", StringComparison.Ordinal));

        Assert.Equal(new[] { "/x/libcudart.so.12", "/y/libcudart.so.13" }[1], CudaRuntimeLibraries.Candidates(new[] { "/x/libcudart.so.12", "/y/libcudart.so.13" }, CudaRuntimeLibraries.Names)[0]);
        Assert.Equal(CudaRuntimeLibraries.Names, CudaRuntimeLibraries.Candidates(Array.Empty<string>(), CudaRuntimeLibraries.Names));
    }
}
