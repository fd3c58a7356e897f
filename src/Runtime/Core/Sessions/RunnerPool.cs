using System;
using System.Threading;

namespace OnnxTyped;

/// <summary>
/// The idle runners (each an IO binding with its per-call arrays) of one session and one front-end, so concurrent
/// callers reuse bindings instead of opening one per call. Lock-free and allocation-free: a fixed row of slots, each
/// taken and filled with one interlocked exchange. A caller that finds every slot empty gets a new runner, kept
/// afterwards if a slot is free.
/// </summary>
/// <typeparam name="TRunner">The front-end's runner.</typeparam>
internal sealed class RunnerPool<TRunner> : IDisposable where TRunner : class, IDisposable
{
    private readonly SessionPlan _plan;
    private readonly Func<SessionPlan, TRunner> _create;
    private readonly TRunner?[] _idle;
    private int _disposed;

    public RunnerPool(SessionPlan plan, Func<SessionPlan, TRunner> create)
    {
        _plan = plan;
        _create = create;
        // Enough for every thread of a busy service to keep one; more concurrent callers than this open their own.
        _idle = new TRunner?[Math.Clamp(Environment.ProcessorCount * 2, 8, 64)];
    }

    public TRunner Take()
    {
        for (int i = 0; i < _idle.Length; i++)
            if (Interlocked.Exchange(ref _idle[i], null) is TRunner runner) return runner;
        return _create(_plan);
    }

    public void Return(TRunner runner)
    {
        for (int i = 0; i < _idle.Length && Volatile.Read(ref _disposed) == 0; i++)
        {
            if (Interlocked.CompareExchange(ref _idle[i], runner, null) != null) continue;
            // Disposed meanwhile: take it back, unless Dispose already did (and disposed it).
            if (Volatile.Read(ref _disposed) != 0) Interlocked.Exchange(ref _idle[i], null)?.Dispose();
            return;
        }
        runner.Dispose();
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, 1);
        for (int i = 0; i < _idle.Length; i++) Interlocked.Exchange(ref _idle[i], null)?.Dispose();
    }
}
