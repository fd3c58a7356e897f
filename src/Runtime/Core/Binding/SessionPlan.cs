using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// What every call on one session needs to know and is computed once: the signature (names, element types, shapes),
/// which outputs can be pre-allocated and how their shapes follow from the inputs, and whether the session takes
/// CUDA inputs. Shared by every runner on the session.
/// </summary>
internal sealed class SessionPlan
{
    private static readonly ConditionalWeakTable<InferenceSession, SessionPlan> Cache = new();

    // 0: not asked yet, 1: accepts CUDA inputs, 2: does not. Asked at most a few times under a race, always with one answer.
    private int _acceptsCuda;

    public SessionPlan(InferenceSession session, ModelSignature signature)
    {
        Session = session ?? throw new ArgumentNullException(nameof(session));
        Signature = signature ?? throw new ArgumentNullException(nameof(signature));
    }

    /// <summary>The plan of <paramref name="session"/> with the signature it declares, made on first use and cached for the session's lifetime.</summary>
    public static SessionPlan Of(InferenceSession session) =>
        Cache.GetValue(session ?? throw new ArgumentNullException(nameof(session)), s => new SessionPlan(s, ModelSignature.Of(s)));

    public InferenceSession Session { get; }

    public ModelSignature Signature { get; }

    /// <summary>The shape output <paramref name="output"/> will have for inputs of <paramref name="inputShapes"/>, or <see langword="null"/> when only the run can tell.</summary>
    public long[]? DerivedOutputShape(int output, IReadOnlyList<long[]> inputShapes) =>
        Signature.DerivableOutputDims.Resolve(Signature.Outputs[output], output, inputShapes);

    /// <summary>Whether the session can take CUDA inputs (see <see cref="CudaInputs.Decide"/>); asked once.</summary>
    public bool AcceptsCuda
    {
        get
        {
            int known = Volatile.Read(ref _acceptsCuda);
            if (known == 0)
            {
                known = CudaInputs.SessionAccepts(Session) ? 1 : 2;
                Volatile.Write(ref _acceptsCuda, known);
            }
            return known == 1;
        }
    }

    /// <summary>Throws <see cref="NotSupportedException"/> when <paramref name="declared"/> is not a tensor: only tensors can be bound.</summary>
    public static void EnsureTensor(TensorSignature declared, string role)
    {
        if (!declared.IsTensor)
            throw new NotSupportedException(
                $"The model's {role} '{declared.Name}' is a {declared.ValueType}, not a tensor: only tensor {role}s can be bound through IO binding.");
    }
}
