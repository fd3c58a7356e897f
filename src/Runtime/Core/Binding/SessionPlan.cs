using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// What every call on one session needs to know and is computed once: the signature (names, element types, shapes),
/// which outputs can be pre-allocated and how their shapes follow from the inputs, where each input is consumed, and
/// whether (and on which device) the session takes CUDA inputs. Shared by every runner on the session.
/// </summary>
internal sealed class SessionPlan
{
    private static readonly ConditionalWeakTable<InferenceSession, SessionPlan> Cache = new();

    private readonly IReadOnlyList<string>? _providers;

    // Asked of the session once, on first use (a race may ask twice; both get the same answer).
    private SessionInputs? _inputs;

    /// <param name="session">The session.</param>
    /// <param name="signature">What the session declares (or the generated class was built from, checked equal).</param>
    /// <param name="providers">The execution providers the session was created with, when known (a session this runtime
    /// opened); <see langword="null"/> for a session opened elsewhere, whose providers ONNX Runtime does not report.</param>
    /// <param name="openedFor">The effective device of a session this runtime opened (<see cref="DeviceSession.Device"/>), when known.</param>
    public SessionPlan(InferenceSession session, ModelSignature signature, IReadOnlyList<string>? providers = null, BufferDevice? openedFor = null)
    {
        Session = session ?? throw new ArgumentNullException(nameof(session));
        Signature = signature ?? throw new ArgumentNullException(nameof(signature));
        _providers = providers;
        _openedFor = openedFor;
    }

    private readonly BufferDevice? _openedFor;

    /// <summary>A plan whose input facts are given rather than asked of the session (tests of what follows from them).</summary>
    internal SessionPlan(InferenceSession session, ModelSignature signature, SessionInputs inputs, IReadOnlyList<string>? providers = null)
        : this(session, signature, providers)
    {
        _inputs = inputs;
    }

    /// <summary>The plan of <paramref name="session"/> with the signature it declares, made on first use and cached for the session's lifetime.</summary>
    public static SessionPlan Of(InferenceSession session) =>
        Cache.GetValue(session ?? throw new ArgumentNullException(nameof(session)), s => new SessionPlan(s, ModelSignature.Of(s)));

    public InferenceSession Session { get; }

    public ModelSignature Signature { get; }

    /// <summary>The shape output <paramref name="output"/> will have for inputs of <paramref name="inputShapes"/>, or <see langword="null"/> when only the run can tell.</summary>
    public long[]? DerivedOutputShape(int output, IReadOnlyList<long[]> inputShapes) =>
        Signature.DerivableOutputDims.Resolve(Signature.Outputs[output], output, inputShapes);

    /// <summary>Whether the session can take CUDA inputs (see <see cref="CudaInputs.Decide"/>).</summary>
    public bool AcceptsCuda => Inputs.AcceptsCuda;

    /// <summary>Whether calls run one at a time on this session (<see cref="CudaOrdering.SerializesCalls"/>), holding <see cref="CallLock"/>.</summary>
    public bool SerializesCalls => CudaOrdering.SerializesCalls(AcceptsCuda, _providers);

    /// <summary>Held from a call's first bind to the end of its run, where <see cref="SerializesCalls"/>.</summary>
    public object CallLock { get; } = new();

    /// <summary>The CUDA device the session runs on: where it consumes its inputs, else the device it was opened for (see <see cref="CudaInputs.SessionDevice"/>).</summary>
    public int? CudaDevice => CudaInputs.SessionDevice(Inputs.CudaDevice, _openedFor);

    /// <summary>The device the session's own tensors live on (<see cref="DeviceTensorOrdering.SessionDevice"/>): its CUDA device, else the host.</summary>
    public BufferDevice Device => DeviceTensorOrdering.SessionDevice(CudaDevice);

    /// <summary>Whether typed calls leave their outputs on <see cref="Device"/> (<c>ModelSession.OutputsOnDevice</c>).</summary>
    public bool OutputsOnDevice
    {
        get => Volatile.Read(ref _outputsOnDevice);
        set => Volatile.Write(ref _outputsOnDevice, value);
    }

    private bool _outputsOnDevice;

    /// <summary>
    /// True when a buffer on <paramref name="device"/> bound to input <paramref name="index"/> is read in place, so an
    /// unchanged buffer may stay bound (see <see cref="InputResidency"/>).
    /// </summary>
    public bool InputStaysBound(int index, BufferDevice device) => InputResidency.StaysBound(device, Inputs.ConsumedOn[index]);

    private SessionInputs Inputs
    {
        get
        {
            SessionInputs? known = Volatile.Read(ref _inputs);
            if (known is null)
            {
                known = SessionInputs.Ask(Session, Signature.Inputs.Count, _providers);
                Volatile.Write(ref _inputs, known);
            }
            return known;
        }
    }

    /// <summary>
    /// Throws <see cref="NotSupportedException"/> when <paramref name="declared"/> is not a tensor of a fixed-size element type,
    /// the only values the TorchSharp front-end binds; the message names the torch-free front-end, which takes the others.
    /// </summary>
    public static void EnsureTensor(TensorSignature declared, string role)
    {
        if (!declared.IsAddressable)
            throw new NotSupportedException(
                $"The model's {role} '{declared.Name}' is a {declared.TypeText}, which TorchSharp cannot hold: run the model through the torch-free " +
                "front-end instead (the generated class's Run, or ModelSession.RunValues), which takes OnnxTensor<T>, OnnxStringTensor, lists and dictionaries.");
    }
}
