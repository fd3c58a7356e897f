using System;
using System.IO;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// A CUDA request that falls back to the CPU is never silent: with no logger the warning goes to standard error.
/// Standard error is process-wide, so this runs apart from other tests.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class FallbackWarningTests
{
    [Fact]
    public void CudaRequest_WithoutALogger_WarnsOnStandardError()
    {
        TextWriter original = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            using DeviceSession session = DeviceSession.Open(RepoModels.SileroVad, BufferDevice.Cuda(0));
            Assert.Equal(BufferDevice.Cpu, session.Device);
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Contains("OnnxTyped warning: The model was requested on cuda:0", captured.ToString());
        Assert.Contains("falling back to CPU tensors", captured.ToString());
    }
}
