using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// The IO binding and run options a runner keeps (<see cref="IoBindingRunner"/>, <see cref="ValueRunner"/>): opened
/// together and recorded in the <see cref="NativeLedger"/>, closed together.
/// </summary>
internal static class RunBindings
{
    /// <summary>A new binding over <paramref name="session"/> and the run options its runs use; both owned by the caller.</summary>
    public static OrtIoBinding Open(InferenceSession session, out RunOptions runOptions)
    {
        // A failed run is an exception carrying ONNX Runtime's message (or ours, naming the tensor): the same message
        // printed in red on standard error as well would only alarm, so a run logs nothing below fatal.
        runOptions = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        try
        {
            OrtIoBinding binding = session.CreateIoBinding();
            NativeLedger.BindingOpened();
            return binding;
        }
        catch
        {
            runOptions.Dispose();
            throw;
        }
    }

    /// <summary>Closes what <see cref="Open"/> opened.</summary>
    public static void Close(OrtIoBinding binding, RunOptions runOptions)
    {
        binding.Dispose();
        runOptions.Dispose();
        NativeLedger.BindingClosed();
    }
}
