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
public sealed partial class BoundSession : IDisposable
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
            SessionLiveness.EnsureAlive(session, nameof(BoundSession));
            signature.EnsureMatches(ModelSignature.Of(session), description);
        }
        catch
        {
            if (_owned != NotOwned) _owned.Dispose();
            throw;
        }
        _plan = new SessionPlan(session, signature, providers);
        _runners = new RunnerPool(_plan);
    }

    private sealed class NothingToDispose : IDisposable
    {
        public void Dispose()
        {
        }
    }

    /// <summary>
    /// Whether inputs with an empty dimension (size 0) the model does not fix at 0 are run. <see langword="false"/> by
    /// default: some models abort the whole process inside ONNX Runtime on them (Silero with a batch of 0), so they are
    /// refused with an <see cref="OnnxInputException"/>. Set it for a model known to handle empty inputs.
    /// </summary>
    public bool AllowsEmptyInputs { get; set; }

    /// <summary>
    /// The name messages give this model, such as the generated class's (<see cref="ObjectDisposedException"/> names it);
    /// <c>BoundSession</c> unless set.
    /// </summary>
    public string Name { get; set; } = nameof(BoundSession);

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
            bool allowEmpty = AllowsEmptyInputs;
            CheckedInputs checkedInputs = runner.Check(inputs, batchSplits: batched, allowEmpty);
            if (!batched) return runner.Run(inputs, checkedInputs, givenOutputShapes: null);
            long batchSize = BatchPlan.CommonBatchSize(Signature.InputNames, checkedInputs.Shapes);
            return BatchRunner.Run(
                (chunk, runSize) => runner.Run(chunk, checkedInputs.ForRun(Signature, runSize, batchSize, allowEmpty), givenOutputShapes: null),
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
            runner.RunInto(inputs, runner.Check(inputs, batchSplits: false, AllowsEmptyInputs), outputs);
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
            throw new ObjectDisposedException(Name);
        }
        try
        {
            SessionLiveness.EnsureAlive(Session, Name);
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
