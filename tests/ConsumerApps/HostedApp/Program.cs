using System;
using System.Threading.Tasks;
using ConsumerApps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OnnxTyped;
using OnnxTyped.Hosting;

namespace HostedApp;

/// <summary>Hosts Silero VAD with OnnxTyped.Hosting, waits for readiness, and compares a call with plain ONNX Runtime.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddOnnxModel<Models.Vad>(builder.Configuration.GetSection("Models:Vad"));
        using IHost host = builder.Build();
        await host.StartAsync();

        var health = host.Services.GetRequiredService<HealthCheckService>();
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await health.CheckHealthAsync(c => c.Tags.Contains(OnnxModelHealthChecks.ReadyTag))).Status != HealthStatus.Healthy)
        {
            if (DateTime.UtcNow > deadline)
            {
                Console.WriteLine("never ready");
                return 1;
            }
            await Task.Delay(20);
        }

        Models.Vad vad = host.Services.GetRequiredService<Models.Vad>();
        float[] samples = PlainSilero.Frame();
        using var input = OnnxTensor<float>.FromArray(samples, 1, 512);
        using var state = OnnxTensor<float>.Allocate(2, 1, 128);
        using var sr = OnnxTensor<long>.FromArray(new[] { 16000L });
        using Models.Vad.Outputs result = await vad.RunAsync(input, state, sr);

        var plain = PlainSilero.Run(System.IO.Path.Combine(AppContext.BaseDirectory, "silero_vad_16k_op15.onnx"), samples);
        bool same = PlainSilero.Same("hosted silero output", plain["output"], result.Output.ToArray(), result.Output.Shape.ToArray())
                  & PlainSilero.Same("hosted silero stateN", plain["stateN"], result.StateN.ToArray(), result.StateN.Shape.ToArray());
        bool batched = ((IOnnxModel)vad).Model.MicroBatches;
        Console.WriteLine($"hosted silero: ready after its warm-up, micro-batching {batched}");
        await host.StopAsync();
        return same && batched ? 0 : 1;
    }
}
