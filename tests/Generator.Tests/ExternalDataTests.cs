using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OnnxTyped.Generator.Tests.Infrastructure;
using OnnxTyped.TestModels;
using Xunit;

namespace OnnxTyped.Generator.Tests;

/// <summary>
/// Models whose weights live in other files (<c>model.onnx</c> + <c>model.onnx.data</c>): the generator reads their
/// signature from the <c>.onnx</c> file alone, skipping the initializers that point elsewhere.
/// (MSBuildTests checks the copy of the external files; eng/consumer-test.sh runs such a model through Load().)
/// </summary>
public sealed class ExternalDataTests
{
    [Fact]
    public void TheGeneratorReadsTheSignatureOfAModelWithExternalData()
    {
        string path = ExternalDataModel.Write(NewFolder(), "add.onnx", "add.onnx.data");

        using (FileStream stream = File.OpenRead(path))
        {
            Reader.ModelProto model = Reader.ModelProtoReader.Read(stream, CancellationToken.None);
            Assert.Equal(new[] { "x" }, model.Graph!.Inputs.Select(i => i.Name));
            Assert.Equal(new[] { "y" }, model.Graph.Outputs.Select(o => o.Name));
            Assert.Contains("w", model.Graph.InitializerNames);
        }

        GeneratorOutcome outcome = GeneratorHarness.Run(new ModelItem(path, ClassName: "ExternalAdd"));
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompileProblems);
        Assert.Contains(outcome.Sources, s => s.Text.Contains("class ExternalAdd", System.StringComparison.Ordinal));
    }

    [Fact]
    public void TheBuiltModelIsOneOnnxRuntimeLoadsWithItsExternalFile()
    {
        // The model the copy and Load() checks rely on: ONNX Runtime reads w from the file named in the model.
        string path = ExternalDataModel.Write(NewFolder(), "add.onnx", "weights/add.bin");
        using var session = new InferenceSession(path);
        float[] x = { 1f, 2f, 3f, 4f, 5f, 6f };
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs =
            session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(x, new[] { 2, 3 })) });
        float[] y = outputs.Single().AsTensor<float>().ToArray();
        Assert.Equal(x.Select((v, i) => v + ExternalDataModel.Weights[i % 3]), y);
    }

    private static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "onnxtyped-external-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
