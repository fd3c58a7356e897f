using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OnnxTyped.Hosting;

/// <summary>
/// Adds generated model classes to a host's services: one shared instance per registration, opened as its options
/// say, warmed up before readiness, and disposed by the container when the host ends.
/// </summary>
public static class OnnxModelServiceCollectionExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TModel"/> as a singleton with options read from <paramref name="configuration"/> (a
    /// section such as <c>OnnxModels:TextDirection</c>; keys in <c>docs/hosting.md</c>). Also adds, once, the warm-up
    /// service and the readiness and liveness health checks (<see cref="OnnxModelHealthChecks"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="TModel"/> is registered without a key already.</exception>
    public static OnnxModelBuilder<TModel> AddOnnxModel<TModel>(this IServiceCollection services, IConfiguration configuration)
        where TModel : class, IOnnxModel<TModel>
    {
        if (configuration is null) throw new ArgumentNullException(nameof(configuration));
        return Add<TModel>(services, key: null, options => ModelConfiguration.Read(configuration, options), null);
    }

    /// <summary>As <see cref="AddOnnxModel{TModel}(IServiceCollection, IConfiguration)"/>, with options set in code.</summary>
    public static OnnxModelBuilder<TModel> AddOnnxModel<TModel>(this IServiceCollection services, Action<OnnxModelOptions> configure)
        where TModel : class, IOnnxModel<TModel> =>
        Add<TModel>(services, key: null, null, configure ?? throw new ArgumentNullException(nameof(configure)));

    /// <summary>As <see cref="AddOnnxModel{TModel}(IServiceCollection, IConfiguration)"/>, with the default options: the copy beside the application, on the CPU, warmed up.</summary>
    public static OnnxModelBuilder<TModel> AddOnnxModel<TModel>(this IServiceCollection services)
        where TModel : class, IOnnxModel<TModel> =>
        Add<TModel>(services, key: null, null, null);

    /// <summary>
    /// Adds <typeparamref name="TModel"/> as a keyed singleton (resolve it with <c>[FromKeyedServices(key)]</c> or
    /// <c>GetRequiredKeyedService</c>), so one class serves several files: each key its own options, session and name
    /// (<c>Class:key</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">That class and key are registered already.</exception>
    public static OnnxModelBuilder<TModel> AddKeyedOnnxModel<TModel>(this IServiceCollection services, string key, IConfiguration configuration)
        where TModel : class, IOnnxModel<TModel>
    {
        if (configuration is null) throw new ArgumentNullException(nameof(configuration));
        return Add<TModel>(services, key ?? throw new ArgumentNullException(nameof(key)), options => ModelConfiguration.Read(configuration, options), null);
    }

    /// <summary>As <see cref="AddKeyedOnnxModel{TModel}(IServiceCollection, string, IConfiguration)"/>, with options set in code.</summary>
    public static OnnxModelBuilder<TModel> AddKeyedOnnxModel<TModel>(this IServiceCollection services, string key, Action<OnnxModelOptions> configure)
        where TModel : class, IOnnxModel<TModel> =>
        Add<TModel>(services, key ?? throw new ArgumentNullException(nameof(key)), null, configure ?? throw new ArgumentNullException(nameof(configure)));

    /// <summary>As <see cref="AddKeyedOnnxModel{TModel}(IServiceCollection, string, IConfiguration)"/>, with the default options.</summary>
    public static OnnxModelBuilder<TModel> AddKeyedOnnxModel<TModel>(this IServiceCollection services, string key)
        where TModel : class, IOnnxModel<TModel> =>
        Add<TModel>(services, key ?? throw new ArgumentNullException(nameof(key)), null, null);

    private static OnnxModelBuilder<TModel> Add<TModel>(IServiceCollection services, string? key,
        Action<OnnxModelOptions>? fromConfiguration, Action<OnnxModelOptions>? configure)
        where TModel : class, IOnnxModel<TModel>
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        string name = key is null ? typeof(TModel).Name : typeof(TModel).Name + ":" + key;
        foreach (ServiceDescriptor descriptor in services)
            if (descriptor.ServiceType == typeof(HostedModel) && descriptor.ImplementationInstance is HostedModel existing && existing.Name == name)
                throw new InvalidOperationException(key is null
                    ? $"{typeof(TModel).Name} is added already; to host it for several files, add it with AddKeyedOnnxModel and a key per file."
                    : $"{typeof(TModel).Name} is added with the key '{key}' already.");

        var model = new HostedModel<TModel>(name, key);
        services.AddSingleton<HostedModel>(model);
        if (key is null) services.AddSingleton<TModel>(model.Open);
        else services.AddKeyedSingleton<TModel>(key, (provider, _) => model.Open(provider));

        OptionsBuilder<OnnxModelOptions> options = services.AddOptions<OnnxModelOptions>(name);
        if (fromConfiguration is not null) options.Configure(fromConfiguration);
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<OnnxModelOptions>>(new ModelOptionsValidator<TModel>(name));

        AddHostingOnce(services);
        return new OnnxModelBuilder<TModel>(services, model);
    }

    // The warm-up service and the health checks serve every model: added with the first one.
    private static void AddHostingOnce(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
            if (descriptor.ServiceType == typeof(HostingAdded)) return;
        services.AddSingleton<HostingAdded>();
        services.AddSingleton<IHostedService>(provider => new ModelWarmUpService(provider, provider.GetServices<HostedModel>(),
            provider.GetRequiredService<IHostApplicationLifetime>(), provider.GetService<ILoggerFactory>()));
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(OnnxModelHealthChecks.ReadyCheckName,
                provider => new ModelsReadyCheck(provider.GetServices<HostedModel>()), failureStatus: null, tags: new[] { OnnxModelHealthChecks.ReadyTag }))
            .Add(new HealthCheckRegistration(OnnxModelHealthChecks.LiveCheckName,
                provider => new ModelsLiveCheck(provider.GetServices<HostedModel>()), failureStatus: null, tags: new[] { OnnxModelHealthChecks.LiveTag }));
    }

    // Marks a collection the hosting services were added to.
    private sealed class HostingAdded
    {
    }
}
