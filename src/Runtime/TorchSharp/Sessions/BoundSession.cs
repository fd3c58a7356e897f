using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// An <see cref="InferenceSession"/> paired with the signature a class was generated from: the
/// engine behind every generated model class. It checks once that the session matches the
/// signature, keeps one reusable IO binding, and runs inputs given in model order.
/// </summary>
/// <remarks>
/// Thread-safe: concurrent <see cref="Run"/> calls each get their own binding (the cached one is
/// taken by at most one caller at a time). Disposing it disposes the session only when it opened it.
/// </remarks>
public sealed class BoundSession : IDisposable
{
    private readonly IDisposable _owned;
    private readonly SessionPlan _plan;
    private readonly RunnerPool _runners;
    private int _disposed;
    private int _inFlight;
    private int _released;
    private int? _maxBatchSize;
    private int? _minBatchSize;

    /// <summary>Opens <paramref name="modelPath"/> and checks it against <paramref name="signature"/>.</summary>
    public BoundSession(string modelPath, ModelSignature signature, SessionOptions? options = null)
        : this(OpenSession(modelPath, options), signature, owned: null, description: "'" + modelPath + "'")
    {
    }

    /// <summary>Wraps an open session (not disposed by this object) and checks it against <paramref name="signature"/>.</summary>
    public BoundSession(InferenceSession session, ModelSignature signature)
        : this(session, signature, owned: NotOwned, description: "given as a session")
    {
    }

    /// <summary>
    /// Takes over a session opened for a device by <see cref="DeviceSession.Open"/> (disposed with this
    /// object) and checks it against <paramref name="signature"/>; <see cref="Device"/> is its effective device.
    /// </summary>
    public BoundSession(DeviceSession deviceSession, ModelSignature signature)
        : this((deviceSession ?? throw new ArgumentNullException(nameof(deviceSession))).Session, signature, owned: deviceSession,
            description: "opened for " + deviceSession.Device, providers: deviceSession.Providers)
    {
        Device = deviceSession.Device.ToTorch();
    }

    /// <summary>
    /// Opens <paramref name="modelPath"/> for <paramref name="device"/> with <paramref name="providers"/> (by default that
    /// device's: CUDA then CPU for a CUDA device, the CPU otherwise). Where no GPU provider can be registered for a CUDA
    /// device, it falls back to the CPU with a warning logged to <paramref name="logger"/>, or throws
    /// <see cref="OnnxDeviceUnavailableException"/>, per <paramref name="fallback"/>. See <see cref="DeviceSession.Open"/>.
    /// </summary>
    /// <param name="modelPath">The <c>.onnx</c> file.</param>
    /// <param name="signature">The signature the session must declare.</param>
    /// <param name="device">Where inputs will live and outputs come back.</param>
    /// <param name="fallback">What to do when a CUDA device cannot be served.</param>
    /// <param name="logger">Receives the fallback and TensorRT engine-cache warnings.</param>
    /// <param name="providers">ONNX Runtime provider names, highest priority first (<see cref="ExecutionProviderNames"/>); <see langword="null"/> for the device's default.</param>
    /// <param name="providerOptions">Options per provider name, passed to ONNX Runtime as they are.</param>
    public static BoundSession ForDevice(string modelPath, ModelSignature signature, torch.Device device,
        DeviceFallback fallback = DeviceFallback.UseCpu, ILogger? logger = null, IEnumerable<string>? providers = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? providerOptions = null) =>
        new(DeviceSession.Open(modelPath, (device ?? throw new ArgumentNullException(nameof(device))).ToBufferDevice(), providers, fallback, logger,
            providerOptions: providerOptions), signature);

    // Marks a session the caller keeps: nothing is disposed with this object.
    private static readonly IDisposable NotOwned = new NothingToDispose();

    // owned: what disposing this object disposes; null for the session itself, NotOwned for nothing.
    private BoundSession(InferenceSession session, ModelSignature signature, IDisposable? owned, string description,
        IReadOnlyList<string>? providers = null)
    {
        Session = session ?? throw new ArgumentNullException(nameof(session));
        Signature = signature ?? throw new ArgumentNullException(nameof(signature));
        _owned = owned ?? session;
        try
        {
            signature.EnsureMatches(ModelSignature.Of(session), description);
        }
        catch
        {
            if (_owned != NotOwned) _owned.Dispose();
            throw;
        }
        _plan = new SessionPlan(session, signature, providers);
        _runners = new RunnerPool(_plan);
        SplitsFixedBatch = true;
    }

    private sealed class NothingToDispose : IDisposable
    {
        public void Dispose()
        {
        }
    }

    /// <summary>
    /// For a model that fixes its batch size (<see cref="ModelSignature.StaticBatchSize"/>): whether <see cref="Run"/>
    /// takes any number of rows, split into chunks of that size and padded with zeros (the default), or only
    /// exactly that many. Set it to <see langword="false"/> when the model's first dimension is not a batch
    /// (for example a softmax over axis 0), where splitting would compute something else. Always
    /// <see langword="false"/> for models without a fixed batch size.
    /// </summary>
    public bool SplitsFixedBatch
    {
        get => Signature.StaticBatchSize is not null && _maxBatchSize is not null;
        set
        {
            if (Signature.StaticBatchSize is not long fixedBatch || fixedBatch > int.MaxValue) return;
            _maxBatchSize = _minBatchSize = value ? (int)fixedBatch : null;
        }
    }

    /// <summary>
    /// The most rows (dimension 0) one model run takes: larger batches are split into chunks of this
    /// size, run one after the other, and the outputs concatenated. <see langword="null"/> (the default
    /// for models with a symbolic batch dimension) runs any batch at once. For a model that fixes its
    /// batch size (see <see cref="ModelSignature.StaticBatchSize"/>) it is that size and cannot be changed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1, or below <see cref="MinBatchSize"/>.</exception>
    /// <exception cref="InvalidOperationException">Set on a model with a fixed batch size.</exception>
    public int? MaxBatchSize
    {
        get => _maxBatchSize;
        set
        {
            EnsureBatchLimitsCanChange();
            BatchPlan.ValidateLimits(value, _minBatchSize);
            _maxBatchSize = value;
        }
    }

    /// <summary>
    /// The fewest rows one model run takes: a shorter batch or last chunk is padded with zeros up to it,
    /// and the padded rows are dropped from the outputs. <see langword="null"/> by default; for a model with
    /// a fixed batch size it is that size.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1, or above <see cref="MaxBatchSize"/>.</exception>
    /// <exception cref="InvalidOperationException">Set on a model with a fixed batch size.</exception>
    public int? MinBatchSize
    {
        get => _minBatchSize;
        set
        {
            EnsureBatchLimitsCanChange();
            BatchPlan.ValidateLimits(_maxBatchSize, value);
            _minBatchSize = value;
        }
    }

    private void EnsureBatchLimitsCanChange()
    {
        if (Signature.StaticBatchSize is long fixedBatch)
            throw new InvalidOperationException(
                $"The model fixes its batch size to {fixedBatch}: every run takes exactly {fixedBatch} rows, so the batch size limits cannot be changed " +
                $"(set {nameof(SplitsFixedBatch)} to false to accept only batches of exactly {fixedBatch}).");
    }

    /// <summary>The ONNX Runtime session.</summary>
    public InferenceSession Session { get; }

    /// <summary>
    /// The device the session was opened for, after any fallback: create inputs there, outputs come back there.
    /// <see langword="null"/> when the session was not opened for a device (given options or an open session).
    /// </summary>
    public torch.Device? Device { get; }

    /// <summary>The signature inputs are checked and cast against.</summary>
    public ModelSignature Signature { get; }

    /// <summary>
    /// Runs the model. <paramref name="inputs"/> are in model input order, all on one device; each
    /// is cast to the declared element type by the documented table and bound by pointer. Returns
    /// the outputs in model order, on the inputs' device; the caller owns them. When batch size
    /// limits are set (<see cref="MaxBatchSize"/>, <see cref="MinBatchSize"/>), the batch is split
    /// and padded along dimension 0 as they say.
    /// </summary>
    public torch.Tensor[] Run(ReadOnlySpan<torch.Tensor> inputs)
    {
        int? max = _maxBatchSize, min = _minBatchSize;
        bool batched = max is not null || min is not null;
        TorchRunner runner = Enter();
        try
        {
            CheckedInputs checkedInputs = runner.Check(inputs, batchSplits: batched);
            if (!batched) return runner.Run(inputs, checkedInputs, givenOutputShapes: null);
            long batchSize = BatchPlan.CommonBatchSize(Signature.InputNames, checkedInputs.Shapes);
            return BatchRunner.Run(
                (chunk, runSize) => runner.Run(chunk, checkedInputs.ForRun(Signature, runSize, batchSize), givenOutputShapes: null),
                inputs.ToArray(), checkedInputs.Shapes, Signature.InputNames, Signature.OutputNames, max, min);
        }
        finally
        {
            Exit(runner);
        }
    }

    /// <summary>
    /// Runs the model writing into <paramref name="outputs"/>, tensors the caller owns and may reuse across calls:
    /// one per model output, in model order, with the model's dtype (outputs are not cast), contiguous, on the
    /// inputs' device, and exactly the shape the run produces. Inputs and outputs whose address and shape did not
    /// change since the last call stay bound, so a loop over the same buffers only runs the model. No batching:
    /// the tensors are used as they are.
    /// </summary>
    /// <exception cref="OnnxInputException">An input is missing, has a dtype the cast table refuses, or a wrong shape or device.</exception>
    /// <exception cref="ArgumentException">An output tensor has the wrong count, dtype, device, layout or shape.</exception>
    public void RunInto(ReadOnlySpan<torch.Tensor> inputs, ReadOnlySpan<torch.Tensor> outputs)
    {
        TorchRunner runner = Enter();
        try
        {
            runner.RunInto(inputs, runner.Check(inputs, batchSplits: false), outputs);
        }
        finally
        {
            Exit(runner);
        }
    }

    // A call holds the session open: Dispose during calls releases the session when the last of them leaves, so no call
    // ever runs on freed native state; calls that come after Dispose are refused.
    private TorchRunner Enter()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _disposed) != 0)
        {
            Leave();
            throw new ObjectDisposedException(nameof(BoundSession));
        }
        try
        {
            return _runners.Take();
        }
        catch
        {
            Leave();
            throw;
        }
    }

    private void Exit(TorchRunner runner)
    {
        _runners.Return(runner);
        Leave();
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _disposed) != 0) Release();
    }

    /// <summary>
    /// The full path of a model copied beside the application (<see cref="AppContext.BaseDirectory"/>),
    /// with a clear error when it is missing.
    /// </summary>
    public static string ResolveBesideApplication(string relativePath)
    {
        string path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, relativePath));
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The model '{relativePath}' was not found beside the application (looked for '{path}'). " +
                "OnnxModel items are copied to the output folder unless CopyToOutputDirectory is 'Never'; otherwise pass a path.",
                path);
        return path;
    }

    /// <summary>
    /// Disposes the session when this object opened it, with its IO bindings. Calls in flight finish first: the native
    /// state is released when the last of them returns. Later calls throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (Volatile.Read(ref _inFlight) == 0) Release();
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        _runners.Dispose();
        _owned.Dispose();
    }

    private static InferenceSession OpenSession(string modelPath, SessionOptions? options)
    {
        if (modelPath is null) throw new ArgumentNullException(nameof(modelPath));
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"The model file '{modelPath}' does not exist.", modelPath);
        return options is null ? new InferenceSession(modelPath) : new InferenceSession(modelPath, options);
    }
}
