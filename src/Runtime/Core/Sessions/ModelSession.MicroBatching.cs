using System.Linq;
using System;
using System.Threading;
using System.Threading.Tasks;

namespace OnnxTyped;

// Micro-batching and the async entry points of the typed front-end.
public sealed partial class ModelSession : IAsyncDisposable
{
    private MicroBatcher? _batcher;
    private BatchRequestPool<OnnxTensor>? _typedRequests;

    /// <summary>
    /// Turns micro-batching on (see <see cref="MicroBatchOptions"/>): from now on <c>Run</c>, <c>RunInto</c> and
    /// <c>RunAsync</c> of both front-ends join concurrent calls into batches. Once per instance, before its calls.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The model has no batch axis, or several and <see cref="MicroBatchOptions.BatchDim"/> names none of them.</exception>
    /// <exception cref="InvalidOperationException">Micro-batching is on already.</exception>
    public void EnableMicroBatching(MicroBatchOptions options) => StartMicroBatching(options, itemBatchDim: null);

    // itemBatchDim: the model item's BatchDim, the batch axis when the options name none.
    private void StartMicroBatching(MicroBatchOptions options, string? itemBatchDim)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(Name);
        if (_batcher is not null) throw new InvalidOperationException($"{Name} micro-batches already: its options are set once, when it is opened.");
        // Batches are joined by copying rows of memory bound by address: strings, sequences, optionals and maps have none.
        foreach (TensorSignature value in Signature.Inputs.Concat(Signature.Outputs))
            if (!value.IsAddressable)
                throw new ArgumentException(
                    $"{Name} cannot micro-batch: '{value.Name}' is a {value.TypeText}, and batches are joined from tensors of fixed-size elements only. Open it without MicroBatchOptions.",
                    nameof(options));
        if (OutputsOnDevice)
            throw new InvalidOperationException($"{Name} leaves its outputs on {TensorDevice} (OutputsOnDevice), but micro-batching gathers and scatters in host memory: turn it off first.");
        var batcher = new MicroBatcher(this, options, options.BatchDim ?? itemBatchDim);
        _typedRequests = NewRequestPool(batcher, () => new OnnxTensorBatchRequest(Signature));
        Volatile.Write(ref _batcher, batcher);
    }

    /// <summary>
    /// <see cref="EnableMicroBatching"/> when <paramref name="options"/> is given (with <paramref name="itemBatchDim"/>, the
    /// model item's <c>BatchDim</c>, when the options name none), and returns this object; on failure this object is
    /// disposed and the error thrown. For generated constructors.
    /// </summary>
    public ModelSession UseMicroBatching(MicroBatchOptions? options, string? itemBatchDim = null)
    {
        if (options is null) return this;
        try
        {
            StartMicroBatching(options, itemBatchDim);
            return this;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Whether calls are micro-batched (<see cref="EnableMicroBatching"/>).</summary>
    public bool MicroBatches => Volatile.Read(ref _batcher) is not null;

    /// <summary>What micro-batching has done so far; <see langword="null"/> when it is off.</summary>
    public MicroBatchStatistics? MicroBatchStatistics => Volatile.Read(ref _batcher)?.Statistics;

    /// <summary>The name of the batch axis micro-batching joins requests along; <see langword="null"/> when it is off.</summary>
    public string? MicroBatchDim => Volatile.Read(ref _batcher)?.Axes.DimName;

    internal MicroBatcher Batcher => _batcher!;

    /// <summary>A pool of a front-end's requests, as many as a full queue and a batch hold.</summary>
    internal BatchRequestPool<TTensor>? NewRequestPool<TTensor>(Func<BatchRequest<TTensor>> create) where TTensor : class, IDisposable =>
        Volatile.Read(ref _batcher) is MicroBatcher batcher ? NewRequestPool(batcher, create) : null;

    private static BatchRequestPool<TTensor> NewRequestPool<TTensor>(MicroBatcher batcher, Func<BatchRequest<TTensor>> create) where TTensor : class, IDisposable =>
        new(create, batcher.MaxQueueLength + batcher.MaxRows);

    /// <summary>
    /// Runs the model on <paramref name="inputs"/> as <see cref="Run"/> does, awaited. Micro-batched, the call waits for its
    /// batch without blocking a thread; otherwise it runs on this thread. <paramref name="cancellationToken"/> takes a
    /// queued call out, or stops a run the call has to itself (ONNX Runtime's terminate flag), and the call throws
    /// <see cref="OperationCanceledException"/>; cancelled once its batch has run, the outputs are disposed and it throws
    /// as well. The model stays usable either way. The outputs belong to the caller.
    /// </summary>
    /// <exception cref="OnnxQueueFullException">Micro-batched, the queue is full and the options say throw.</exception>
    public ValueTask<OnnxTensor[]> RunAsync(ReadOnlySpan<OnnxTensor> inputs, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _batcher) is not null)
            return RunBatchedAsync(_runners, _typedRequests!, inputs, cancellationToken);
        try
        {
            return new ValueTask<OnnxTensor[]>(RunNow(_runners, inputs, BatchLimits, cancellationToken));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<OnnxTensor[]>(e);
        }
    }

    /// <summary>
    /// Runs the model writing into <paramref name="outputs"/> as <see cref="RunInto"/> does, awaited, with cancellation as
    /// in <see cref="RunAsync"/> (a call cancelled after its batch ran may have written its outputs). A steady loop
    /// allocates nothing: the awaited source is pooled.
    /// </summary>
    public ValueTask RunIntoAsync(ReadOnlySpan<OnnxTensor> inputs, ReadOnlySpan<OnnxTensor> outputs, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _batcher) is not null)
            return RunIntoBatchedAsync(_runners, _typedRequests!, inputs, outputs, cancellationToken);
        try
        {
            RunIntoNow(_runners, inputs, outputs, cancellationToken);
            return default;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <summary>
    /// As <see cref="Dispose"/>, waiting without blocking a thread for queued micro-batched calls to run first (they
    /// complete normally); calls made meanwhile are refused with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _batcher) is MicroBatcher batcher) await batcher.Close().ConfigureAwait(false);
        Dispose();
    }
}
