using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// An <see cref="InferenceSession"/> paired with the signature a class was generated from: the engine behind every
/// generated model class. It checks once that the session matches the signature, runs <see cref="OnnxTensor"/>s given in
/// model order through IO binding, and holds the session open for every call in flight, of any front-end.
/// </summary>
/// <remarks>
/// Thread-safe: concurrent calls each take an idle runner (an IO binding) from a pool, or open one. Disposing it disposes
/// the session only when it opened it, after the calls in flight return.
/// </remarks>
public sealed partial class ModelSession : IDisposable
{
    private readonly IDisposable _owned;
    private readonly RunnerPool<ModelRunner<OnnxTensor, OnnxTensorFrontEnd>> _runners;
    private readonly SessionTensorAllocator _deviceTensors;
    private readonly List<IDisposable> _pools = new();
    private int _disposed;
    private int _inFlight;
    private int _released;

    /// <summary>Opens <paramref name="modelPath"/> and checks it against <paramref name="signature"/>.</summary>
    /// <exception cref="NotSupportedException">The signature declares a float8 or int4/uint4 input or output, which ONNX Runtime's C# API cannot open.</exception>
    public ModelSession(string modelPath, ModelSignature signature, SessionOptions? options = null)
        : this(OpenSession(modelPath, options, signature), signature, owned: null, description: "'" + modelPath + "'")
    {
    }

    /// <summary>Wraps an open session (not disposed by this object) and checks it against <paramref name="signature"/>.</summary>
    public ModelSession(InferenceSession session, ModelSignature signature)
        : this(session, signature, owned: NotOwned, description: "given as a session")
    {
    }

    /// <summary>
    /// Takes over a session opened for a device by <see cref="DeviceSession.Open"/> (disposed with this object) and checks
    /// it against <paramref name="signature"/>; <see cref="Device"/> is its effective device.
    /// </summary>
    public ModelSession(DeviceSession deviceSession, ModelSignature signature)
        : this((deviceSession ?? throw new ArgumentNullException(nameof(deviceSession))).Session, signature, owned: deviceSession,
            description: "opened for " + deviceSession.Device, providers: deviceSession.Providers, openedFor: deviceSession.Device)
    {
        Device = deviceSession.Device;
    }

    /// <summary>
    /// Opens <paramref name="modelPath"/> for <paramref name="device"/> with <paramref name="providers"/> (by default that
    /// device's: CUDA then CPU for a CUDA device, the CPU otherwise). Where no GPU provider can be registered for a CUDA
    /// device, it falls back to the CPU with a warning logged to <paramref name="logger"/>, or throws
    /// <see cref="OnnxDeviceUnavailableException"/>, per <paramref name="fallback"/>. See <see cref="DeviceSession.Open"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The signature declares a float8 or int4/uint4 input or output, which ONNX Runtime's C# API cannot open.</exception>
    public static ModelSession ForDevice(string modelPath, ModelSignature signature, BufferDevice device,
        DeviceFallback fallback = DeviceFallback.UseCpu, ILogger? logger = null, IEnumerable<string>? providers = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? providerOptions = null)
    {
        if (signature is null) throw new ArgumentNullException(nameof(signature));
        try
        {
            return new(DeviceSession.Open(modelPath, device, providers, fallback, logger, providerOptions: providerOptions), signature);
        }
        catch (OnnxRuntimeException e) when (UnopenableModels.Explain(signature, modelPath, e) is { } explained)
        {
            throw explained;
        }
    }

    // Marks a session the caller keeps: nothing is disposed with this object.
    private static readonly IDisposable NotOwned = new NothingToDispose();

    // owned: what disposing this object disposes; null for the session itself, NotOwned for nothing.
    private ModelSession(InferenceSession session, ModelSignature signature, IDisposable? owned, string description,
        IReadOnlyList<string>? providers = null, BufferDevice? openedFor = null)
    {
        Session = session ?? throw new ArgumentNullException(nameof(session));
        Signature = signature ?? throw new ArgumentNullException(nameof(signature));
        _owned = owned ?? session;
        try
        {
            SessionLiveness.EnsureAlive(session, nameof(ModelSession));
            signature.EnsureMatches(ModelSignature.Of(session), description);
        }
        catch
        {
            if (_owned != NotOwned) _owned.Dispose();
            throw;
        }
        Plan = new SessionPlan(session, signature, providers, openedFor);
        // A tensor from the session's allocator holds the session open as a call does (SessionTensorAllocator).
        _deviceTensors = new SessionTensorAllocator(Plan, () => Interlocked.Increment(ref _inFlight), LeaveCall);
        _runners = CreateRunnerPool(plan => OnnxTensorFrontEnd.NewRunner(plan, _deviceTensors));
        // A pool holds no runner until a call takes one: a model of tensors only never opens a value runner.
        _valueRunners = CreateRunnerPool(plan => new ValueRunner(plan));
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

    /// <summary>The name messages give this model, such as the generated class's; <c>ModelSession</c> unless set.</summary>
    public string Name { get; set; } = nameof(ModelSession);

    /// <summary>The ONNX Runtime session.</summary>
    public InferenceSession Session { get; }

    /// <summary>
    /// The device the session was opened for, after any fallback. <see langword="null"/> when the session was not opened
    /// for a device (given options or an open session).
    /// </summary>
    public BufferDevice? Device { get; }

    /// <summary>The signature inputs are checked against.</summary>
    public ModelSignature Signature { get; }

    /// <summary>The per-session facts every runner of every front-end shares.</summary>
    internal SessionPlan Plan { get; }

    /// <summary>
    /// Runs the model on <paramref name="inputs"/>, in model input order: each the element type the model declares, in
    /// host memory (a GPU session copies it in) or on the session's device (<see cref="AllocateTensor{T}"/>), bound by
    /// address. Returns the outputs in model order, in host memory the tensors own (on the session's device under
    /// <see cref="OutputsOnDevice"/>): the caller owns them and disposes them.
    /// </summary>
    /// <exception cref="ArgumentException">Not one tensor per model input.</exception>
    /// <exception cref="OnnxInputException">An input is null, disposed, of another element type or of a wrong shape.</exception>
    public OnnxTensor[] Run(ReadOnlySpan<OnnxTensor> inputs) =>
        Volatile.Read(ref _batcher) is null
            ? RunNow(_runners, inputs, BatchLimits, default)
            : RunBatched(_runners, _typedRequests!, inputs, default, into: false, default)!;

    /// <summary>
    /// Runs the model writing into <paramref name="outputs"/>, tensors the caller owns and may reuse across calls: one per
    /// model output, in model order, with the model's element type, in host memory or on the session's device, and exactly
    /// the shape the run produces. Inputs and outputs whose address and shape did not change since the last call stay bound, so a loop over
    /// the same tensors allocates nothing.
    /// </summary>
    /// <exception cref="OnnxInputException">An input is null, disposed, of another element type or of a wrong shape.</exception>
    /// <exception cref="ArgumentException">An output has the wrong count, element type, device or shape.</exception>
    public void RunInto(ReadOnlySpan<OnnxTensor> inputs, ReadOnlySpan<OnnxTensor> outputs)
    {
        if (Volatile.Read(ref _batcher) is null) RunIntoNow(_runners, inputs, outputs, default);
        else RunBatched(_runners, _typedRequests!, inputs, outputs, into: true, default);
    }

    /// <summary>
    /// Begins a call of any front-end: holds the session open (<see cref="EnterCall"/>) and takes an idle runner of that
    /// front-end from <paramref name="runners"/>. End it with <see cref="Exit"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">This object (or the session it wraps) was disposed.</exception>
    internal TRunner Enter<TRunner>(RunnerPool<TRunner> runners) where TRunner : class, IDisposable
    {
        EnterCall();
        try
        {
            return runners.Take();
        }
        catch
        {
            LeaveCall();
            throw;
        }
    }

    /// <summary>Ends what <see cref="Enter"/> began: the runner goes back to <paramref name="runners"/>, the call lets the session go.</summary>
    internal void Exit<TRunner>(RunnerPool<TRunner> runners, TRunner runner) where TRunner : class, IDisposable
    {
        runners.Return(runner);
        LeaveCall();
    }

    /// <summary>
    /// Holds the session open for one call of any front-end: Dispose during calls releases the session when the last of
    /// them leaves (<see cref="LeaveCall"/>), so no call ever runs on freed native state; calls after Dispose are refused.
    /// </summary>
    /// <exception cref="ObjectDisposedException">This object (or the session it wraps) was disposed.</exception>
    private void EnterCall()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _disposed) != 0)
        {
            LeaveCall();
            throw new ObjectDisposedException(Name);
        }
        try
        {
            SessionLiveness.EnsureAlive(Session, Name);
        }
        catch
        {
            LeaveCall();
            throw;
        }
    }

    /// <summary>Ends what <see cref="EnterCall"/> began.</summary>
    private void LeaveCall()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _disposed) != 0) Release();
    }

    /// <summary>
    /// A pool of one front-end's runners on this session, owned here: disposed when the session is released, before it,
    /// once no call is in flight. Each front-end makes one when it is created over this object.
    /// </summary>
    internal RunnerPool<TRunner> CreateRunnerPool<TRunner>(Func<SessionPlan, TRunner> create) where TRunner : class, IDisposable
    {
        var pool = new RunnerPool<TRunner>(Plan, create);
        lock (_pools)
        {
            if (Volatile.Read(ref _released) == 0)
            {
                _pools.Add(pool);
                return pool;
            }
        }
        pool.Dispose();
        throw new ObjectDisposedException(Name);
    }

    /// <summary>
    /// The full path of a model copied beside the application (<see cref="AppContext.BaseDirectory"/>), with a clear error
    /// when it is missing.
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
    /// Disposes the session when this object opened it, with its IO bindings (those of every front-end). Calls in flight
    /// finish first: the native state is released when the last of them returns, and after the last tensor from the
    /// session's allocator (<see cref="AllocateTensor{T}"/>, outputs under <see cref="OutputsOnDevice"/>) is released. Later calls throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        // Queued micro-batched calls run first: the batcher needs the session until it has drained.
        Volatile.Read(ref _batcher)?.CloseAndWait();
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (Volatile.Read(ref _inFlight) == 0) Release();
    }

    private void Release()
    {
        IDisposable[] pools;
        lock (_pools)
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            pools = _pools.ToArray();
        }
        foreach (IDisposable pool in pools) pool.Dispose();
        _deviceTensors.Dispose(); // the allocator itself goes with the last tensor still using it
        _owned.Dispose();
    }

    private static InferenceSession OpenSession(string modelPath, SessionOptions? options, ModelSignature signature)
    {
        if (modelPath is null) throw new ArgumentNullException(nameof(modelPath));
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"The model file '{modelPath}' does not exist.", modelPath);
        try
        {
            return options is null ? new InferenceSession(modelPath) : new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e) when (signature is not null && UnopenableModels.Explain(signature, modelPath, e) is { } explained)
        {
            throw explained;
        }
    }
}
