using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OnnxTyped.Generator.Tests.Infrastructure.Fuzzing;

/// <summary>
/// The CPU time the current thread has used: what the fuzz tests bound per input. Wall-clock time on a
/// shared two-core machine (load averages of 10 are common here) counts the waits for a core, so a 100 ms
/// input measured over a second. On Linux from <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>; elsewhere
/// wall-clock time.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static TimeSpan Now
    {
        get
        {
            if (!OperatingSystem.IsLinux()) return Stopwatch.GetElapsedTime(0);
            if (ClockGetTime(ClockThreadCpuTimeId, out TimeSpec time) != 0) throw new InvalidOperationException("clock_gettime failed: " + Marshal.GetLastPInvokeError());
            return TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100);
        }
    }

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
