using System;
using System.Threading;

namespace OnnxTyped.Benchmarks.Threads;

/// <summary>
/// Threads started once that each make a fixed number of calls (given the thread's index) whenever <see cref="RunRound"/> is called,
/// so a benchmark operation measures the calls, not thread start-up. The first failure of a call is
/// rethrown by <see cref="RunRound"/>.
/// </summary>
internal sealed class CallingThreads : IDisposable
{
    private readonly Barrier _barrier;
    private readonly Thread[] _threads;
    private readonly int _callsPerThread;
    private readonly Action<int> _call;
    private volatile bool _stopping;
    private Exception? _failure;

    public CallingThreads(int threadCount, int callsPerThread, Action<int> call)
    {
        _callsPerThread = callsPerThread;
        _call = call;
        _barrier = new Barrier(threadCount + 1);
        _threads = new Thread[threadCount];
        for (int i = 0; i < threadCount; i++)
        {
            int index = i;
            _threads[i] = new Thread(() => Work(index)) { IsBackground = true, Name = "calling thread " + i };
            _threads[i].Start();
        }
    }

    /// <summary>Lets every thread make its calls and returns when all are done.</summary>
    public void RunRound()
    {
        _barrier.SignalAndWait();
        _barrier.SignalAndWait();
        if (_failure is { } failure) throw new InvalidOperationException("A calling thread failed.", failure);
    }

    private void Work(int index)
    {
        while (true)
        {
            _barrier.SignalAndWait();
            if (_stopping) return;
            try
            {
                for (int i = 0; i < _callsPerThread; i++) _call(index);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            _barrier.SignalAndWait();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _barrier.SignalAndWait();
        foreach (Thread thread in _threads) thread.Join();
        _barrier.Dispose();
    }
}
