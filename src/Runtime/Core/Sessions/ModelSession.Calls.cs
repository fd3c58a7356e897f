using System;
using System.Threading;
using System.Threading.Tasks;

namespace OnnxTyped;

// How a call of any front-end reaches a runner: now, on the caller's thread (optionally cancellable), or through the
// micro-batcher when it is on. Both front-ends' entry points (ModelSession, BoundSession) go through here.
public sealed partial class ModelSession
{
    /// <summary>
    /// A direct call: runs on a runner of <paramref name="runners"/> now, on this thread, and records it on the meter;
    /// <paramref name="cancellation"/> stops the run.
    /// </summary>
    internal TTensor[] RunNow<TTensor, TFrontEnd>(RunnerPool<ModelRunner<TTensor, TFrontEnd>> runners, ReadOnlySpan<TTensor> inputs,
        BatchLimits limits, CancellationToken cancellation)
        where TTensor : class, IDisposable
        where TFrontEnd : struct, IFrontEnd<TTensor>
    {
        long started = CallMetrics.Start();
        try
        {
            TTensor[] outputs = RunOnRunner(runners, inputs, limits, cancellation);
            CallMetrics.Finished(Name, started, null);
            return outputs;
        }
        catch (Exception e) when (CallMetrics.FailedFilter(Name, started, e))
        {
            throw;
        }
    }

    // Runs on a runner now, on this thread: a direct call's run or a micro-batch's.
    private TTensor[] RunOnRunner<TTensor, TFrontEnd>(RunnerPool<ModelRunner<TTensor, TFrontEnd>> runners, ReadOnlySpan<TTensor> inputs,
        BatchLimits limits, CancellationToken cancellation)
        where TTensor : class, IDisposable
        where TFrontEnd : struct, IFrontEnd<TTensor>
    {
        ModelRunner<TTensor, TFrontEnd> runner = Enter(runners);
        try
        {
            runner.Cancellation = cancellation;
            return runner.Run(inputs, AllowsEmptyInputs, limits);
        }
        finally
        {
            runner.Cancellation = default;
            Exit(runners, runner);
        }
    }

    /// <summary>As <see cref="RunNow"/>, writing into the caller's <paramref name="outputs"/>.</summary>
    internal void RunIntoNow<TTensor, TFrontEnd>(RunnerPool<ModelRunner<TTensor, TFrontEnd>> runners, ReadOnlySpan<TTensor> inputs,
        ReadOnlySpan<TTensor> outputs, CancellationToken cancellation)
        where TTensor : class, IDisposable
        where TFrontEnd : struct, IFrontEnd<TTensor>
    {
        long started = CallMetrics.Start();
        try
        {
            RunIntoOnRunner(runners, inputs, outputs, cancellation);
            CallMetrics.Finished(Name, started, null);
        }
        catch (Exception e) when (CallMetrics.FailedFilter(Name, started, e))
        {
            throw;
        }
    }

    // Runs on a runner now, on this thread, writing into the caller's outputs.
    private void RunIntoOnRunner<TTensor, TFrontEnd>(RunnerPool<ModelRunner<TTensor, TFrontEnd>> runners, ReadOnlySpan<TTensor> inputs,
        ReadOnlySpan<TTensor> outputs, CancellationToken cancellation)
        where TTensor : class, IDisposable
        where TFrontEnd : struct, IFrontEnd<TTensor>
    {
        ModelRunner<TTensor, TFrontEnd> runner = Enter(runners);
        try
        {
            runner.Cancellation = cancellation;
            runner.RunInto(inputs, outputs, AllowsEmptyInputs);
        }
        finally
        {
            runner.Cancellation = default;
            Exit(runners, runner);
        }
    }

    /// <summary>
    /// A call through the micro-batcher, blocking until its batch has run: returns the new outputs (<c>Run</c>) or null
    /// (<c>RunInto</c>, <paramref name="into"/>).
    /// </summary>
    internal TTensor[]? RunBatched<TTensor, TFrontEnd>(RunnerPool<ModelRunner<TTensor, TFrontEnd>> runners, BatchRequestPool<TTensor> requests,
        ReadOnlySpan<TTensor> inputs, ReadOnlySpan<TTensor> outputs, bool into, CancellationToken cancellation)
        where TTensor : class, IDisposable
        where TFrontEnd : struct, IFrontEnd<TTensor>
    {
        long started = CallMetrics.Start();
        BatchRequest<TTensor> request;
        try
        {
            request = Admit(runners, requests, inputs, outputs, into);
        }
        catch (Exception e) when (CallMetrics.FailedFilter(Name, started, e))
        {
            throw;
        }
        request.CallStarted = started;
        request.PrepareBlockingWait();
        try
        {
            Batcher.Enqueue(request, cancellation);
        }
        catch (Exception e)
        {
            Batcher.NotComing();
            request.Abandon();
            CallMetrics.Finished(Name, started, e);
            throw;
        }
        return request.RunBlocking();
    }

    /// <summary>A call through the micro-batcher, awaited: no thread waits while it is queued or its batch runs.</summary>
    internal ValueTask<TTensor[]> RunBatchedAsync<TTensor, TFrontEnd>(RunnerPool<ModelRunner<TTensor, TFrontEnd>> runners, BatchRequestPool<TTensor> requests,
        ReadOnlySpan<TTensor> inputs, CancellationToken cancellation)
        where TTensor : class, IDisposable
        where TFrontEnd : struct, IFrontEnd<TTensor>
    {
        if (QueueAsync(runners, requests, inputs, default, into: false, cancellation, out BatchRequest<TTensor>? request, out ValueTask queued) is Exception error)
            return ValueTask.FromException<TTensor[]>(error);
        return queued.IsCompletedSuccessfully ? new ValueTask<TTensor[]>(request!, request!.Token) : AfterRoom(queued, request!);
    }

    /// <summary>As <see cref="RunBatchedAsync"/>, writing into the caller's <paramref name="outputs"/>; the awaited source is pooled.</summary>
    internal ValueTask RunIntoBatchedAsync<TTensor, TFrontEnd>(RunnerPool<ModelRunner<TTensor, TFrontEnd>> runners, BatchRequestPool<TTensor> requests,
        ReadOnlySpan<TTensor> inputs, ReadOnlySpan<TTensor> outputs, CancellationToken cancellation)
        where TTensor : class, IDisposable
        where TFrontEnd : struct, IFrontEnd<TTensor>
    {
        if (QueueAsync(runners, requests, inputs, outputs, into: true, cancellation, out BatchRequest<TTensor>? request, out ValueTask queued) is Exception error)
            return ValueTask.FromException(error);
        return queued.IsCompletedSuccessfully ? new ValueTask(request!, request!.Token) : new ValueTask(AfterRoom(queued, request!).AsTask());
    }

    // Admits and queues a call; the error instead when it is refused (nothing is left queued or held then).
    private Exception? QueueAsync<TTensor, TFrontEnd>(RunnerPool<ModelRunner<TTensor, TFrontEnd>> runners, BatchRequestPool<TTensor> requests,
        ReadOnlySpan<TTensor> inputs, ReadOnlySpan<TTensor> outputs, bool into, CancellationToken cancellation,
        out BatchRequest<TTensor>? request, out ValueTask queued)
        where TTensor : class, IDisposable
        where TFrontEnd : struct, IFrontEnd<TTensor>
    {
        request = null;
        queued = default;
        long started = CallMetrics.Start();
        try
        {
            cancellation.ThrowIfCancellationRequested();
            request = Admit(runners, requests, inputs, outputs, into);
        }
        catch (Exception e)
        {
            CallMetrics.Finished(Name, started, e);
            return e;
        }
        request.CallStarted = started;
        try
        {
            queued = Batcher.EnqueueAsync(request, cancellation);
            return null;
        }
        catch (Exception e)
        {
            Batcher.NotComing();
            request.Abandon();
            request = null;
            CallMetrics.Finished(Name, started, e);
            return e;
        }
    }

    // The queue was full and the call waited for room: it is queued now, or refused (and let go).
    private async ValueTask<TTensor[]> AfterRoom<TTensor>(ValueTask queued, BatchRequest<TTensor> request)
        where TTensor : class, IDisposable
    {
        long started = request.CallStarted;
        try
        {
            await queued.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Batcher.NotComing();
            request.Abandon();
            CallMetrics.Finished(Name, started, e);
            throw;
        }
        return await new ValueTask<TTensor[]>(request, request.Token).ConfigureAwait(false);
    }

    // Checks a call as a direct call would (the shared runner's checks), then takes it in as a request. From here the call
    // is on its way to the queue (Batcher.Arriving); refused here, it is not, and a caller refused later says so (NotComing).
    private BatchRequest<TTensor> Admit<TTensor, TFrontEnd>(RunnerPool<ModelRunner<TTensor, TFrontEnd>> runners, BatchRequestPool<TTensor> requests,
        ReadOnlySpan<TTensor> inputs, ReadOnlySpan<TTensor> outputs, bool into)
        where TTensor : class, IDisposable
        where TFrontEnd : struct, IFrontEnd<TTensor>
    {
        ModelRunner<TTensor, TFrontEnd> runner = Enter(runners);
        Batcher.Arriving();
        try
        {
            runner.CheckRequest(inputs, outputs, into, AllowsEmptyInputs);
            BatchRequest<TTensor> request = requests.Take();
            try
            {
                request.Admit(runner, inputs, outputs, into, Batcher.Axes);
            }
            catch
            {
                request.Abandon();
                throw;
            }
            return request;
        }
        catch
        {
            Batcher.NotComing();
            throw;
        }
        finally
        {
            Exit(runners, runner);
        }
    }

    /// <summary>
    /// The batch run of the micro-batcher: the gathered <paramref name="inputs"/> on a typed runner, under the batch size
    /// limits when every batch axis is dimension 0 (<paramref name="limitsApply"/>).
    /// </summary>
    internal OnnxTensor[] RunBatch(ReadOnlySpan<OnnxTensor> inputs, CancellationToken cancellation, bool limitsApply) =>
        RunOnRunner(_runners, inputs, limitsApply ? BatchLimits : default, cancellation);
}
