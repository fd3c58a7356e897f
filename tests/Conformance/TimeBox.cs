using System;
using System.Threading;
using System.Threading.Tasks;

namespace OnnxTyped.Conformance;

/// <summary>
/// Runs one column of one test on its own thread with a time limit. A run that overstays is
/// abandoned (its thread may finish later); the caller can cancel native work through
/// <paramref name="onTimeout"/> (for example ONNX Runtime's <c>RunOptions.Terminate</c>).
/// </summary>
internal static class TimeBox
{
    public static ColumnResult Run(Func<ColumnResult> body, TimeSpan limit, Action? onTimeout = null)
    {
        var task = Task.Factory.StartNew(() =>
        {
            try
            {
                return body();
            }
            catch (Exception e)
            {
                return ColumnResult.Fail(Reasons.Of(e));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (task.Wait(limit)) return task.Result;
        onTimeout?.Invoke();
        return ColumnResult.Fail($"timed out after {limit.TotalSeconds:0} s");
    }
}
