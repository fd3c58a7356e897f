using System;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// Whether an <see cref="InferenceSession"/> was disposed. ONNX Runtime's C# API does not say, and running a disposed
/// session (or an IO binding of one) reads freed native memory and takes the process down; so every call asks first.
/// Read from the session's private <c>_disposed</c> flag through a delegate compiled once (a field read per call);
/// an ONNX Runtime build without that field is taken as never disposed, as before.
/// </summary>
internal static class SessionLiveness
{
    private static readonly Func<InferenceSession, bool> ReadDisposed = Compile();

    /// <summary>Throws <see cref="ObjectDisposedException"/> naming <paramref name="owner"/> when <paramref name="session"/> was disposed.</summary>
    public static void EnsureAlive(InferenceSession session, string owner)
    {
        if (ReadDisposed(session))
            throw new ObjectDisposedException(owner,
                $"The ONNX Runtime session of this {owner} was disposed (through its Session property, or by the code that created it), " +
                "so it cannot run. Keep the session alive as long as the model is used, or let the model own it.");
    }

    private static Func<InferenceSession, bool> Compile()
    {
        FieldInfo? field = typeof(InferenceSession).GetField("_disposed", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field is null || field.FieldType != typeof(bool)) return static _ => false;
        ParameterExpression session = Expression.Parameter(typeof(InferenceSession), "session");
        return Expression.Lambda<Func<InferenceSession, bool>>(Expression.Field(session, field), session).Compile();
    }
}
