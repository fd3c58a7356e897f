namespace OnnxTyped.Hosting;

/// <summary>Where a hosted model is in its life, as the health checks report it.</summary>
public enum HostedModelState
{
    /// <summary>Registered; not opened yet.</summary>
    Starting,

    /// <summary>Opened, running its warm-up.</summary>
    WarmingUp,

    /// <summary>Opened and warmed up: serves calls.</summary>
    Ready,

    /// <summary>Opening or warming up threw: it cannot serve; <see cref="HostedModel.Failure"/> says why.</summary>
    Failed,

    /// <summary>The host is stopping: calls in flight finish, new ones should go elsewhere.</summary>
    Stopping,
}
