using System;
using System.Threading;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

// A run a token can stop: ONNX Runtime checks its terminate flag between two nodes.
internal sealed partial class IoBindingRunner
{
    /// <summary>
    /// The token of the call in progress, set by its caller and cleared after: cancelling it stops the run between two
    /// nodes (<see cref="RunOptions.Terminate"/>), and the run throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public CancellationToken Cancellation { get; set; }

    private void RunCancellable(CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        CancellationTokenRegistration registration = cancellation.UnsafeRegister(static options => ((RunOptions)options!).Terminate = true, _runOptions);
        try
        {
            _plan.Session.RunWithBinding(_runOptions, _binding);
        }
        catch (OnnxRuntimeException) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException("The run was cancelled: ONNX Runtime stopped it.", cancellation);
        }
        finally
        {
            // Waits for a callback in progress, so the flag is cleared after it was set: the next run on these options runs.
            registration.Dispose();
            if (cancellation.IsCancellationRequested) _runOptions.Terminate = false;
        }
    }
}
