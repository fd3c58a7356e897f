using System.Threading;
using Microsoft.ML.OnnxRuntime;

namespace OnnxTyped;

/// <summary>
/// Counts the native objects the runtime owns right now: the OrtValues it made or received, the IO bindings it
/// opened, the aligned blocks of the typed front-end's tensors (<see cref="LedgeredNativeMemory"/>) and the tensors allocated through a session's allocator. Every creation and every disposal goes through here, so a test can check that a call leaves nothing
/// behind exactly, without waiting for a garbage collection (whose finalizers would hide a forgotten Dispose).
/// </summary>
internal static class NativeLedger
{
    private static long _values;
    private static long _valuesMade;
    private static long _bindings;
    private static long _bindingsOpened;
    private static long _blocks;
    private static long _blocksAllocated;
    private static long _sessionTensors;
    private static long _sessionTensorsAllocated;

    /// <summary>OrtValues made or received and not yet disposed (including those torch holds as adopted outputs).</summary>
    public static long LiveValues => Volatile.Read(ref _values);

    /// <summary>OrtValues made or received since the process started: how often something was bound afresh.</summary>
    public static long ValuesMade => Volatile.Read(ref _valuesMade);

    /// <summary>IO bindings (with their run options) opened and not yet disposed.</summary>
    public static long LiveBindings => Volatile.Read(ref _bindings);

    /// <summary>Records a value the runtime now owns; returns it.</summary>
    public static OrtValue Owned(OrtValue value)
    {
        Interlocked.Increment(ref _values);
        Interlocked.Increment(ref _valuesMade);
        return value;
    }

    /// <summary>Disposes a value recorded by <see cref="Owned"/>.</summary>
    public static void Release(OrtValue value)
    {
        value.Dispose();
        Interlocked.Decrement(ref _values);
    }

    /// <summary>
    /// Records that a value recorded by <see cref="Owned"/> was taken over by another one ONNX Runtime made of it (a sequence
    /// or a map takes its elements): it is released with that one, never on its own.
    /// </summary>
    public static void Consumed(OrtValue value) => Interlocked.Decrement(ref _values);

    /// <summary>IO bindings opened since the process started: how often a call could not reuse one.</summary>
    public static long BindingsOpened => Volatile.Read(ref _bindingsOpened);

    public static void BindingOpened()
    {
        Interlocked.Increment(ref _bindings);
        Interlocked.Increment(ref _bindingsOpened);
    }

    public static void BindingClosed() => Interlocked.Decrement(ref _bindings);

    /// <summary>Aligned blocks (tensor memory of the typed front-end, kept output blocks) allocated and not yet freed.</summary>
    public static long LiveBlocks => Volatile.Read(ref _blocks);

    /// <summary>Aligned blocks allocated since the process started: how often an output could not reuse a kept block.</summary>
    public static long BlocksAllocated => Volatile.Read(ref _blocksAllocated);

    public static void BlockAllocated()
    {
        Interlocked.Increment(ref _blocks);
        Interlocked.Increment(ref _blocksAllocated);
    }

    public static void BlockFreed() => Interlocked.Decrement(ref _blocks);

    /// <summary>Tensors allocated through a session's ONNX Runtime allocator (its device's) and not yet freed.</summary>
    public static long LiveSessionTensors => Volatile.Read(ref _sessionTensors);

    /// <summary>Tensors allocated through a session's ONNX Runtime allocator since the process started.</summary>
    public static long SessionTensorsAllocated => Volatile.Read(ref _sessionTensorsAllocated);

    public static void SessionTensorAllocated()
    {
        Interlocked.Increment(ref _sessionTensors);
        Interlocked.Increment(ref _sessionTensorsAllocated);
    }

    public static void SessionTensorFreed() => Interlocked.Decrement(ref _sessionTensors);
}
