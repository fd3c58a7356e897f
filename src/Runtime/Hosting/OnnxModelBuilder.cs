using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace OnnxTyped.Hosting;

/// <summary>What <c>AddOnnxModel</c> returns: the registration, to give it a warm-up or more options.</summary>
/// <typeparam name="TModel">The generated model class.</typeparam>
public sealed class OnnxModelBuilder<TModel> where TModel : class, IOnnxModel<TModel>
{
    private readonly HostedModel<TModel> _model;

    internal OnnxModelBuilder(IServiceCollection services, HostedModel<TModel> model)
    {
        Services = services;
        _model = model;
    }

    /// <summary>The services the model was added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The registration's name: its options' name, its meter tag and its name in the health reports.</summary>
    public string Name => _model.Name;

    /// <summary>
    /// Replaces the default warm-up (one run on zeros) with <paramref name="warmUp"/>: for example a run on a real input,
    /// or on each batch size a TensorRT engine should be built for. It runs once, in the background, before readiness.
    /// </summary>
    public OnnxModelBuilder<TModel> WithWarmUp(Func<TModel, CancellationToken, ValueTask> warmUp)
    {
        _model.WarmUp = warmUp ?? throw new ArgumentNullException(nameof(warmUp));
        return this;
    }

    /// <summary>Sets options in code, after configuration (and before validation).</summary>
    public OnnxModelBuilder<TModel> Configure(Action<OnnxModelOptions> configure)
    {
        if (configure is null) throw new ArgumentNullException(nameof(configure));
        Services.AddOptions<OnnxModelOptions>(Name).Configure(configure);
        return this;
    }
}
