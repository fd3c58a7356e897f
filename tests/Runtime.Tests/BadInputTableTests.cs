using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using OnnxTyped.TestModels;
using TorchSharp;
using Xunit;

namespace OnnxTyped.Runtime.Tests;

/// <summary>
/// Every kind of wrong call on a real model (Silero: input [batch, sequence] float32, state [2, batch, 128] float32,
/// sr int64 scalar): a specific exception naming the input, what was expected and what came, and the same instance
/// then runs a good call as if nothing had happened.
/// </summary>
public sealed class BadInputTableTests
{
    public static IEnumerable<object[]> Cases() => new[]
    {
        new object[] { "wrong rank", "input" }, new object[] { "wrong fixed dimension", "state" },
        new object[] { "shared symbolic dimension", "state" }, new object[] { "dtype the table refuses", "input" },
        new object[] { "disposed tensor", "input" }, new object[] { "empty dimension", "input" },
        new object[] { "null", "sr" }, new object[] { "mixed devices", "state" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WrongCall_NamesInputExpectedAndActual_AndTheModelStillRuns(string wrong, string inputName)
    {
        using var session = new InferenceSession(RepoModels.SileroVad);
        using var bound = new BoundSession(session, ModelSignature.Of(session));
        using torch.Tensor input = torch.rand(1, 512), state = torch.zeros(2, 1, 128), sr = torch.tensor(16000L);
        torch.Tensor[] arguments = { input, state, sr };
        var made = new List<torch.Tensor>();
        torch.Tensor Made(torch.Tensor t)
        {
            made.Add(t);
            return t;
        }
        try
        {
            switch (wrong)
            {
                case "wrong rank": arguments[0] = Made(torch.rand(512)); break;
                case "wrong fixed dimension": arguments[1] = Made(torch.zeros(3, 1, 128)); break;
                case "shared symbolic dimension": arguments[1] = Made(torch.zeros(2, 2, 128)); break;
                case "dtype the table refuses": arguments[0] = Made(torch.rand(new long[] { 1, 512 }, torch.float64)); break;
                case "disposed tensor":
                    torch.Tensor disposed = torch.rand(1, 512);
                    disposed.Dispose();
                    arguments[0] = disposed;
                    break;
                case "empty dimension": arguments[0] = Made(torch.rand(1, 0)); break;
                case "null": arguments[2] = null!; break;
                case "mixed devices": arguments[0] = Made(torch.empty(new long[] { 1, 512 }, device: torch.META)); break;
            }

            var error = Assert.Throws<OnnxInputException>(() => bound.Run(arguments));
            Assert.Equal(inputName, error.InputName);
            Assert.False(string.IsNullOrEmpty(error.Expected));
            Assert.False(string.IsNullOrEmpty(error.Actual));
            Assert.NotEqual(error.Expected, error.Actual);
            Assert.Contains($"'{inputName}'", error.Message);

            torch.Tensor[] outputs = bound.Run(new[] { input, state, sr });
            Reference.AssertSameOutputs(session, new Dictionary<string, torch.Tensor> { ["input"] = input, ["state"] = state, ["sr"] = sr }, outputs);
            foreach (torch.Tensor output in outputs) output.Dispose();
        }
        finally
        {
            foreach (torch.Tensor t in made) t.Dispose();
        }
    }

    [Fact]
    public void NotAModelFile_IsAnOnnxRuntimeErrorNamingTheFile_MissingFileIsFileNotFound()
    {
        string garbage = System.IO.Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(garbage, "not an onnx model");
            var error = Assert.Throws<OnnxRuntimeException>(() => new BoundSession(garbage, ModelSignature.Of(new InferenceSession(RepoModels.SileroVad))));
            Assert.Contains(garbage, error.Message);
            Assert.Throws<System.IO.FileNotFoundException>(() => new BoundSession(garbage + ".missing", ModelSignature.Of(new InferenceSession(RepoModels.SileroVad))));
        }
        finally
        {
            System.IO.File.Delete(garbage);
        }
    }
}
