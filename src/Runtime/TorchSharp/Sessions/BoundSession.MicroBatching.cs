using System;
using System.Threading;
using System.Threading.Tasks;
using TorchSharp;

namespace OnnxTyped;

// Micro-batching and the async entry points of the torch front-end: the model's batcher, with requests of torch tensors.
public sealed partial class BoundSession : IAsyncDisposable
{
    private BatchRequestPool<torch.Tensor>? _requests;

    // The torch requests of the model's batcher, made on first use (micro-batching may be turned on after this object
    // was made); null while it is off.
    private BatchRequestPool<torch.Tensor>? Requests =>
        _requests ?? (Model.MicroBatches ? _requests = Model.NewRequestPool<torch.Tensor>(() => new TorchBatchRequest(Model.Signature)) : null);

    /// <summary>
    /// Runs the model on torch tensors as <see cref="Run"/> does, awaited; micro-batched (CPU tensors only), the call
    /// waits for its batch without blocking a thread. Cancellation as in <see cref="ModelSession.RunAsync"/>. The outputs
    /// belong to the caller.
    /// </summary>
    public ValueTask<torch.Tensor[]> RunAsync(ReadOnlySpan<torch.Tensor> inputs, CancellationToken cancellationToken = default)
    {
        if (Requests is BatchRequestPool<torch.Tensor> requests) return Model.RunBatchedAsync(_runners, requests, inputs, cancellationToken);
        try
        {
            return new ValueTask<torch.Tensor[]>(Model.RunNow(_runners, inputs, Model.BatchLimits, cancellationToken));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<torch.Tensor[]>(e);
        }
    }

    /// <summary>Runs writing into torch <paramref name="outputs"/> as <see cref="RunInto"/> does, awaited; see <see cref="ModelSession.RunIntoAsync"/>.</summary>
    public ValueTask RunIntoAsync(ReadOnlySpan<torch.Tensor> inputs, ReadOnlySpan<torch.Tensor> outputs, CancellationToken cancellationToken = default)
    {
        if (Requests is BatchRequestPool<torch.Tensor> requests) return Model.RunIntoBatchedAsync(_runners, requests, inputs, outputs, cancellationToken);
        try
        {
            Model.RunIntoNow(_runners, inputs, outputs, cancellationToken);
            return default;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <summary>Disposes the model as <see cref="ModelSession.DisposeAsync"/> does.</summary>
    public ValueTask DisposeAsync() => Model.DisposeAsync();
}
