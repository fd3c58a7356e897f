using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OnnxTyped.Hosting.Tests.Service;

/// <summary>
/// The InferenceService sample in memory, through its real pipeline (routing, body reading, the hosted models, health
/// checks, the Prometheus exporter), with settings on top of its appsettings.json and optional extra services.
/// </summary>
public sealed class ServiceFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public ServiceFactory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        _services = services;
    }

    /// <summary>Micro-batching of both models off (the service's settings turn it on).</summary>
    public static IReadOnlyDictionary<string, string?> WithoutMicroBatching => new Dictionary<string, string?>
    {
        ["OnnxModels:TextDirection:MicroBatching:Enabled"] = "false",
        ["OnnxModels:VoiceActivity:MicroBatching:Enabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        if (_services is not null) builder.ConfigureServices(_services);
    }
}
