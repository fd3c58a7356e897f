using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OnnxTyped.Hosting;

/// <summary>
/// Opens and warms up every hosted model in the background once the host has started, so the server listens (and
/// liveness answers) while a long first run or a TensorRT engine build goes on; readiness stays unhealthy until each
/// model is ready. When the host stops, every model reports <see cref="HostedModelState.Stopping"/> at once, so load
/// balancers send no more; the models themselves belong to the container, which disposes them after the server has
/// finished the requests in flight (a micro-batched model runs its queue first).
/// </summary>
internal sealed class ModelWarmUpService : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly IEnumerable<HostedModel> _models;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private CancellationTokenRegistration _stopping;

    public ModelWarmUpService(IServiceProvider services, IEnumerable<HostedModel> models, IHostApplicationLifetime lifetime, ILoggerFactory? loggers = null)
    {
        _services = services;
        _models = models;
        _lifetime = lifetime;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("OnnxTyped.Hosting");
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = _lifetime.ApplicationStopping.Register(static state => ((ModelWarmUpService)state!).MarkStopping(), this);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start path: StartAsync returns at the first await, and ONNX Runtime's session creation blocks.
        await Task.Yield();
        foreach (HostedModel model in _models)
        {
            try
            {
                await model.WarmUpAsync(_services, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                model.Fail(e);
                HostingLog.Failed(_logger, model.Name, e);
            }
        }
    }

    private void MarkStopping()
    {
        int count = 0;
        foreach (HostedModel model in _models)
        {
            model.MoveTo(HostedModelState.Stopping);
            count++;
        }
        HostingLog.Stopping(_logger, count);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }
}
