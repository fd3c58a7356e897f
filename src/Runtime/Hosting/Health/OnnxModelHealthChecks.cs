using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OnnxTyped.Hosting;

/// <summary>
/// The health checks <c>AddOnnxModel</c> registers, and their tags: map readiness to the checks tagged
/// <see cref="ReadyTag"/> and liveness to those tagged <see cref="LiveTag"/> (ASP.NET Core:
/// <c>MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(OnnxModelHealthChecks.ReadyTag) })</c>).
/// </summary>
public static class OnnxModelHealthChecks
{
    /// <summary>The tag of the readiness check: healthy once every model is warmed up, unhealthy again when the host stops.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The tag of the liveness check: unhealthy only when a model failed to open or warm up (a restart may help).</summary>
    public const string LiveTag = "live";

    /// <summary>The readiness check's name.</summary>
    public const string ReadyCheckName = "onnx-models-ready";

    /// <summary>The liveness check's name.</summary>
    public const string LiveCheckName = "onnx-models-live";

    // Each model's state, for the report's data.
    internal static IReadOnlyDictionary<string, object> States(IEnumerable<HostedModel> models) =>
        models.ToDictionary(m => m.Name, m => (object)(m.Failure is null ? m.State.ToString() : $"{m.State}: {m.Failure.Message}"));
}

/// <summary>Readiness: every hosted model is <see cref="HostedModelState.Ready"/>.</summary>
internal sealed class ModelsReadyCheck : IHealthCheck
{
    private readonly IEnumerable<HostedModel> _models;

    public ModelsReadyCheck(IEnumerable<HostedModel> models) => _models = models;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string[] notReady = _models.Where(m => m.State != HostedModelState.Ready).Select(m => $"{m.Name} is {m.State}").ToArray();
        IReadOnlyDictionary<string, object> data = OnnxModelHealthChecks.States(_models);
        return Task.FromResult(notReady.Length == 0
            ? HealthCheckResult.Healthy("Every model is ready.", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", notReady) + ".", data: data));
    }
}

/// <summary>Liveness: no hosted model has <see cref="HostedModelState.Failed"/>.</summary>
internal sealed class ModelsLiveCheck : IHealthCheck
{
    private readonly IEnumerable<HostedModel> _models;

    public ModelsLiveCheck(IEnumerable<HostedModel> models) => _models = models;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HostedModel? failed = _models.FirstOrDefault(m => m.State == HostedModelState.Failed);
        IReadOnlyDictionary<string, object> data = OnnxModelHealthChecks.States(_models);
        return Task.FromResult(failed is null
            ? HealthCheckResult.Healthy("No model failed.", data)
            : HealthCheckResult.Unhealthy($"{failed.Name} failed: {failed.Failure?.Message}", failed.Failure, data));
    }
}
