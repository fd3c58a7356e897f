using System;
using System.Threading;
using System.Threading.Tasks;

namespace OnnxTyped.Hosting;

/// <summary>
/// One registration of a model class in a host, as the warm-up service and the health checks see it: its name, its
/// state, and why it failed. The model itself belongs to the service container, which disposes it when the host ends.
/// </summary>
public abstract class HostedModel
{
    private int _state;

    private protected HostedModel(string name, object? key)
    {
        Name = name;
        Key = key;
    }

    /// <summary>The registration's name: the class name, or <c>Class:key</c> for a keyed one. Also its options' name and its meter tag.</summary>
    public string Name { get; }

    /// <summary>The service key of a keyed registration; <see langword="null"/> otherwise.</summary>
    public object? Key { get; }

    /// <summary>Where the model is in its life.</summary>
    public HostedModelState State => (HostedModelState)Volatile.Read(ref _state);

    /// <summary>Why it is <see cref="HostedModelState.Failed"/>; <see langword="null"/> otherwise.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Opens the model through the container (so the container owns it) and runs its warm-up; then it is ready.</summary>
    internal abstract Task WarmUpAsync(IServiceProvider services, CancellationToken cancellation);

    internal void MoveTo(HostedModelState state)
    {
        // Failed and Stopping are final: a warm-up finishing late does not make a stopping host ready again.
        int current;
        do
        {
            current = Volatile.Read(ref _state);
            if (current is (int)HostedModelState.Failed or (int)HostedModelState.Stopping) return;
        }
        while (Interlocked.CompareExchange(ref _state, (int)state, current) != current);
    }

    internal void Fail(Exception failure)
    {
        Failure = failure;
        MoveTo(HostedModelState.Failed);
    }
}
