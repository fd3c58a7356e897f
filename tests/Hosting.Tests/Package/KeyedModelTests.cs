using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using InferenceService;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace OnnxTyped.Hosting.Tests.Package;

/// <summary>Several models side by side, and one class for several files under keys.</summary>
public sealed class KeyedModelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("onnxtyped-keyed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task OneClass_ServesSeveralFiles_EachWithItsOwnOptionsAndSession()
    {
        string second = Path.Combine(_folder, "second-copy.onnx");
        File.Copy(TestFiles.ClassifierModel, second);
        using TestHost host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Models:A:ModelPath"] = TestFiles.ClassifierModel,
            ["Models:B:ModelPath"] = second,
            ["Models:B:MicroBatching:MaxBatchSize"] = "4",
        }, (services, configuration) =>
        {
            services.AddKeyedOnnxModel<TextDirectionClassifier>("a", configuration.GetSection("Models:A"));
            services.AddKeyedOnnxModel<TextDirectionClassifier>("b", configuration.GetSection("Models:B"));
            services.AddOnnxModel<VoiceActivityDetector>();
        });
        await host.Host.StartAsync();

        TextDirectionClassifier a = host.Services.GetRequiredKeyedService<TextDirectionClassifier>("a");
        TextDirectionClassifier b = host.Services.GetRequiredKeyedService<TextDirectionClassifier>("b");
        Assert.NotSame(a, b);
        Assert.Same(a, host.Services.GetRequiredKeyedService<TextDirectionClassifier>("a"));
        Assert.Equal("TextDirectionClassifier:a", ((IOnnxModel)a).Model.Name);
        Assert.Equal("TextDirectionClassifier:b", ((IOnnxModel)b).Model.Name);
        Assert.False(((IOnnxModel)a).Model.MicroBatches);
        Assert.True(((IOnnxModel)b).Model.MicroBatches);
        Assert.Null(host.Services.GetService<TextDirectionClassifier>());
        Assert.NotNull(host.Services.GetRequiredService<VoiceActivityDetector>());

        byte[] png = File.ReadAllBytes(TestFiles.UpsideDownLine);
        TextDirectionAnswer expected = PlainAnswers.TextDirection(png);
        Assert.Equal(expected, await TextDirectionEndpoint.ClassifyAsync(a, TextLineInput.FromPng(png), default));
        Assert.Equal(expected, await TextDirectionEndpoint.ClassifyAsync(b, TextLineInput.FromPng(png), default));
        Assert.Contains(host.Logs.Lines, line => line.Contains("Opened model TextDirectionClassifier:b from " + second));
        await host.Host.StopAsync();
    }

    [Fact]
    public void AddingTheSameRegistrationTwice_Throws()
    {
        var services = new ServiceCollection();
        services.AddOnnxModel<TextDirectionClassifier>();
        services.AddKeyedOnnxModel<TextDirectionClassifier>("other");
        var unkeyed = Assert.Throws<InvalidOperationException>(() => services.AddOnnxModel<TextDirectionClassifier>());
        Assert.Contains("AddKeyedOnnxModel", unkeyed.Message);
        var keyed = Assert.Throws<InvalidOperationException>(() => services.AddKeyedOnnxModel<TextDirectionClassifier>("other"));
        Assert.Contains("key 'other'", keyed.Message);
    }

    // The container owns each model: disposing the host disposes it (a later call is refused).
    [Fact]
    public async Task DisposingTheHost_DisposesTheModels()
    {
        TestHost host = TestHost.Build(new Dictionary<string, string?>(), (services, _) => services.AddKeyedOnnxModel<TextDirectionClassifier>("k"));
        await host.Host.StartAsync();
        TextDirectionClassifier model = host.Services.GetRequiredKeyedService<TextDirectionClassifier>("k");
        await host.Host.StopAsync();
        host.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => TextDirectionEndpoint.ClassifyAsync(model, new float[3 * 48 * 192], default));
    }
}
