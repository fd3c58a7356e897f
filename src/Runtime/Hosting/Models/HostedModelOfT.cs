using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace OnnxTyped.Hosting;

/// <summary>
/// A registration of <typeparamref name="TModel"/>: the container's factory for it (<see cref="Open"/>, through the class's
/// static <c>Create</c>, no reflection) and its warm-up.
/// </summary>
internal sealed class HostedModel<TModel> : HostedModel where TModel : class, IOnnxModel<TModel>
{
    public HostedModel(string name, object? key)
        : base(name, key)
    {
    }

    /// <summary>The warm-up registered with the model, replacing the default run of zeros.</summary>
    public Func<TModel, CancellationToken, ValueTask>? WarmUp { get; set; }

    /// <summary>Opens the model as its options say. Called once, by the container, which then owns the model.</summary>
    public TModel Open(IServiceProvider services)
    {
        OnnxModelOptions options = services.GetRequiredService<IOptionsMonitor<OnnxModelOptions>>().Get(Name);
        ILogger logger = Logger(services);
        string path = ModelFile.Find(options.ModelPath, TModel.DefaultModelPath, out string lookedAt)
            ?? throw new FileNotFoundException($"OnnxModel '{Name}': the model file does not exist (looked for '{lookedAt}').", lookedAt);
        if (!DeviceName.TryParse(options.Device, out BufferDevice device))
            throw new InvalidOperationException($"OnnxModel '{Name}': Device is '{options.Device}'; it must be cpu, cuda or cuda:N.");

        long started = Stopwatch.GetTimestamp();
        ModelSession session = ModelSession.ForDevice(path, TModel.Signature, device, options.Fallback, logger,
            options.Providers.Count > 0 ? options.Providers.ToArray() : null, ProviderOptions(options));
        try
        {
            session.Name = Name;
            TModel model = TModel.Create(session, options.MicroBatching);
            HostingLog.Opened(logger, Name, path, session.Device?.ToString() ?? device.ToString(),
                options.Providers.Count > 0 ? string.Join(", ", options.Providers) : "the device's default providers",
                ElapsedMilliseconds(started), session.MicroBatchDim is string dim ? "along " + dim : "off");
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    internal override async Task WarmUpAsync(IServiceProvider services, CancellationToken cancellation)
    {
        TModel model = Key is null ? services.GetRequiredService<TModel>() : services.GetRequiredKeyedService<TModel>(Key);
        MoveTo(HostedModelState.WarmingUp);
        OnnxModelOptions options = services.GetRequiredService<IOptionsMonitor<OnnxModelOptions>>().Get(Name);
        ILogger logger = Logger(services);
        if (!options.WarmUp)
        {
            HostingLog.WarmUpSkipped(logger, Name, "WarmUp is false");
        }
        else
        {
            long started = Stopwatch.GetTimestamp();
            string? skipped = null;
            if (WarmUp is not null) await WarmUp(model, cancellation).ConfigureAwait(false);
            else skipped = await ZeroWarmUp.RunAsync(model.Model, options.WarmUpDims, cancellation).ConfigureAwait(false);
            if (skipped is null) HostingLog.WarmedUp(logger, Name, ElapsedMilliseconds(started));
            else HostingLog.WarmUpSkipped(logger, Name, skipped);
        }
        MoveTo(HostedModelState.Ready);
    }

    private static ILogger Logger(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("OnnxTyped.Hosting");

    private static long ElapsedMilliseconds(long started) => (Stopwatch.GetTimestamp() - started) * 1000 / Stopwatch.Frequency;

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? ProviderOptions(OnnxModelOptions options)
    {
        if (options.ProviderOptions.Count == 0) return null;
        var copy = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, IDictionary<string, string>> provider in options.ProviderOptions)
            copy[provider.Key] = new Dictionary<string, string>(provider.Value, StringComparer.Ordinal);
        return copy;
    }
}
