using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// The TorchSharp front-end of a <see cref="ModelSession"/>: runs torch tensors given in model order (cast by the
/// documented table, bound by pointer) and returns torch tensors. Generated classes use it for their torch members when
/// the project references OnnxTyped.TorchSharp.
/// </summary>
/// <remarks>
/// Thread-safe: concurrent <see cref="Run"/> calls each take an idle runner (an IO binding) from a pool, or open one.
/// Its session's lifetime is the <see cref="Model"/>'s: disposing either disposes the session when it was opened here,
/// after the calls in flight (of both front-ends) return.
/// </remarks>
public sealed partial class BoundSession : IDisposable
{
    private readonly RunnerPool<ModelRunner<torch.Tensor, TorchFrontEnd>> _runners;

    /// <summary>Opens <paramref name="modelPath"/> and checks it against <paramref name="signature"/>.</summary>
    public BoundSession(string modelPath, ModelSignature signature, SessionOptions? options = null)
        : this(new ModelSession(modelPath, signature, options))
    {
    }

    /// <summary>Wraps an open session (not disposed by this object) and checks it against <paramref name="signature"/>.</summary>
    public BoundSession(InferenceSession session, ModelSignature signature)
        : this(new ModelSession(session, signature))
    {
    }

    /// <summary>
    /// Takes over a session opened for a device by <see cref="DeviceSession.Open"/> (disposed with this
    /// object) and checks it against <paramref name="signature"/>; <see cref="Device"/> is its effective device.
    /// </summary>
    public BoundSession(DeviceSession deviceSession, ModelSignature signature)
        : this(new ModelSession(deviceSession, signature))
    {
    }

    /// <summary>
    /// The torch front-end of <paramref name="model"/>: calls share its session, its liveness and its disposal (disposing
    /// this object disposes <paramref name="model"/>).
    /// </summary>
    public BoundSession(ModelSession model)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Device = model.Device?.ToTorch();
        _runners = model.CreateRunnerPool(plan => TorchFrontEnd.NewRunner(plan));
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

    /// <summary>The session with its lifetime, shared with the typed (torch-free) front-end.</summary>
    public ModelSession Model { get; }

    /// <summary>
    /// Whether inputs with an empty dimension (size 0) the model does not fix at 0 are run. <see langword="false"/> by
    /// default: some models abort the whole process inside ONNX Runtime on them (Silero with a batch of 0), so they are
    /// refused with an <see cref="OnnxInputException"/>. Set it for a model known to handle empty inputs. Shared with
    /// <see cref="Model"/>.
    /// </summary>
    public bool AllowsEmptyInputs
    {
        get => Model.AllowsEmptyInputs;
        set => Model.AllowsEmptyInputs = value;
    }

    /// <summary>
    /// The name messages give this model, such as the generated class's (<see cref="ObjectDisposedException"/> names it).
    /// Shared with <see cref="Model"/>.
    /// </summary>
    public string Name
    {
        get => Model.Name;
        set => Model.Name = value;
    }

    /// <summary>The ONNX Runtime session.</summary>
    public InferenceSession Session => Model.Session;

    /// <summary>
    /// The device the session was opened for, after any fallback: create inputs there, outputs come back there.
    /// <see langword="null"/> when the session was not opened for a device (given options or an open session).
    /// </summary>
    public torch.Device? Device { get; }

    /// <summary>The signature inputs are checked and cast against.</summary>
    public ModelSignature Signature => Model.Signature;

    /// <summary>
    /// Runs the model. <paramref name="inputs"/> are in model input order, all on one device; each
    /// is cast to the declared element type by the documented table and bound by pointer. Returns
    /// the outputs in model order, on the inputs' device; the caller owns them. When batch size
    /// limits are set (<see cref="MaxBatchSize"/>, <see cref="MinBatchSize"/>), the batch is split
    /// and padded along dimension 0 as they say.
    /// </summary>
    public torch.Tensor[] Run(ReadOnlySpan<torch.Tensor> inputs) =>
        Requests is BatchRequestPool<torch.Tensor> requests
            ? Model.RunBatched(_runners, requests, inputs, default, into: false, default)!
            : Model.RunNow(_runners, inputs, Model.BatchLimits, default);

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
        if (Requests is BatchRequestPool<torch.Tensor> requests) Model.RunBatched(_runners, requests, inputs, outputs, into: true, default);
        else Model.RunIntoNow(_runners, inputs, outputs, default);
    }

    /// <summary>
    /// The full path of a model copied beside the application (<see cref="AppContext.BaseDirectory"/>),
    /// with a clear error when it is missing.
    /// </summary>
    public static string ResolveBesideApplication(string relativePath) => ModelSession.ResolveBesideApplication(relativePath);

    /// <summary>
    /// Disposes the <see cref="Model"/>: the session when it was opened here, with the IO bindings of both front-ends.
    /// Calls in flight finish first. Later calls throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose() => Model.Dispose();
}
