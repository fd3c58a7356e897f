using System;
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
    private readonly bool _ownsSession;
    private IoBindingRunner? _idleRunner;
    private int _disposed;
    private int? _maxBatchSize;
    private int? _minBatchSize;

    /// <summary>Opens <paramref name="modelPath"/> and checks it against <paramref name="signature"/>.</summary>
    public BoundSession(string modelPath, ModelSignature signature, SessionOptions? options = null)
        : this(OpenSession(modelPath, options), signature, ownsSession: true, description: "'" + modelPath + "'")
    {
    }

    /// <summary>Wraps an open session (not disposed by this object) and checks it against <paramref name="signature"/>.</summary>
    public BoundSession(InferenceSession session, ModelSignature signature)
        : this(session, signature, ownsSession: false, description: "given as a session")
    {
    }

    /// <summary>
    /// Takes over a session opened for a device by <see cref="SessionDevice.Open"/> (disposed with this
    /// object) and checks it against <paramref name="signature"/>; <see cref="Device"/> is its effective device.
    /// </summary>
    public BoundSession(AlignedSession aligned, ModelSignature signature)
        : this((aligned ?? throw new ArgumentNullException(nameof(aligned))).Session, signature, ownsSession: true, description: "opened for " + aligned.Device)
    {
        Device = aligned.Device;
    }

    /// <summary>
    /// Opens <paramref name="modelPath"/> for <paramref name="device"/> with that device's execution
    /// providers (CUDA then CPU for a CUDA device). Where the CUDA provider cannot be registered, it
    /// falls back to the CPU with a warning logged to <paramref name="logger"/>, or throws
    /// <see cref="OnnxDeviceUnavailableException"/>, per <paramref name="fallback"/>. See <see cref="SessionDevice.Open"/>.
    /// </summary>
    public static BoundSession ForDevice(string modelPath, ModelSignature signature, torch.Device device,
        DeviceFallback fallback = DeviceFallback.UseCpu, ILogger? logger = null)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"The model file '{modelPath}' does not exist.", modelPath);
        return new BoundSession(SessionDevice.Open(modelPath, device, fallback: fallback, logger: logger), signature);
    }

    private BoundSession(InferenceSession session, ModelSignature signature, bool ownsSession, string description)
    {
        Session = session ?? throw new ArgumentNullException(nameof(session));
        Signature = signature ?? throw new ArgumentNullException(nameof(signature));
        _ownsSession = ownsSession;
        try
        {
            signature.EnsureMatches(ModelSignature.Of(session), description);
        }
        catch
        {
            if (ownsSession) session.Dispose();
            throw;
        }
        if (signature.StaticBatchSize is long fixedBatch && fixedBatch <= int.MaxValue)
            _maxBatchSize = _minBatchSize = (int)fixedBatch;
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
                $"The model fixes its batch size to {fixedBatch}: every run takes exactly {fixedBatch} rows, so the batch size limits cannot be changed.");
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
        if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(BoundSession));
        IoBindingRunner runner = Interlocked.Exchange(ref _idleRunner, null) ?? new IoBindingRunner(Session, Signature);
        try
        {
            int? max = _maxBatchSize, min = _minBatchSize;
            if (max is null && min is null) return runner.Run(inputs, outputShapes: null);
            return BatchRunner.Run(chunk => runner.Run(chunk, outputShapes: null), inputs.ToArray(), Signature.InputNames, Signature.OutputNames, max, min);
        }
        finally
        {
            if (Volatile.Read(ref _disposed) != 0 || Interlocked.CompareExchange(ref _idleRunner, runner, null) != null)
                runner.Dispose();
        }
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

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Interlocked.Exchange(ref _idleRunner, null)?.Dispose();
        if (_ownsSession) Session.Dispose();
    }

    private static InferenceSession OpenSession(string modelPath, SessionOptions? options)
    {
        if (modelPath is null) throw new ArgumentNullException(nameof(modelPath));
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"The model file '{modelPath}' does not exist.", modelPath);
        return options is null ? new InferenceSession(modelPath) : new InferenceSession(modelPath, options);
    }
}
