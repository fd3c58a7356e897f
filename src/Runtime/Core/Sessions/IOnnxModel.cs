using System;

namespace OnnxTyped;

/// <summary>
/// What every generated model class is, for code that handles models it does not know by name (a host, a pool, a health
/// check): its session, and disposal. The class owns the session: disposing the class disposes it.
/// </summary>
public interface IOnnxModel : IDisposable, IAsyncDisposable
{
    /// <summary>The session under the class: its name, device, micro-batching and statistics. Owned by the class.</summary>
    ModelSession Model { get; }
}

/// <summary>
/// A generated model class as a factory, for containers and hosts that open models themselves (no reflection: the members
/// are static and resolved at compile time). Implemented explicitly by every generated class.
/// </summary>
/// <typeparam name="TSelf">The generated class.</typeparam>
public interface IOnnxModel<TSelf> : IOnnxModel where TSelf : class, IOnnxModel<TSelf>
{
    /// <summary>The inputs and outputs the class was generated from; open sessions for it with this signature.</summary>
    static abstract ModelSignature Signature { get; }

    /// <summary>Where <c>Load</c> finds the model, relative to the application's directory (e.g. <c>models/det.onnx</c>).</summary>
    static abstract string DefaultModelPath { get; }

    /// <summary>
    /// The model item's <c>BatchDim</c> metadata: the axis micro-batching joins requests along when its options name none;
    /// <see langword="null"/> when the item names none.
    /// </summary>
    static abstract string? ItemBatchDim { get; }

    /// <summary>
    /// Wraps <paramref name="session"/>, opened with <see cref="Signature"/> and named by the caller, and from now on owns
    /// it; turns micro-batching on when <paramref name="microBatching"/> is given (the model item's <c>BatchDim</c> is the
    /// batch axis when the options name none). On failure the session is disposed and the error thrown.
    /// </summary>
    /// <exception cref="ArgumentException">The session was opened with another signature.</exception>
    static abstract TSelf Create(ModelSession session, MicroBatchOptions? microBatching);
}
