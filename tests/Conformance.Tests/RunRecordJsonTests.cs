using System.IO;
using Xunit;
using static OnnxTyped.Conformance.Tests.Records;

namespace OnnxTyped.Conformance.Tests;

/// <summary>The expected file's format: sorted and stable when written, strict when read.</summary>
public sealed class RunRecordJsonTests
{
    private const string Written = """
        {
          "node": {
            "tests": 2,
            "typed": 1,
            "torch-free": 1,
            "raw": 2,
            "results": {
              "test_abs": "typed torch-free raw",
              "test_cast_STRING_to_FLOAT": "raw"
            }
          },
          "simple": {
            "tests": 1,
            "typed": 0,
            "torch-free": 0,
            "raw": 0,
            "results": {
              "test_sign_model": "none"
            }
          }
        }

        """;

    [Fact]
    public void WritesFoldersAndTestsInOrdinalOrder()
    {
        RunRecord record = Run(
            ("simple", Folder(("test_sign_model", "none"))),
            ("node", Folder(("test_cast_STRING_to_FLOAT", "raw"), ("test_abs", "typed torch-free raw"))));

        Assert.Equal(Written, RunRecordJson.Write(record));
    }

    [Fact]
    public void ReadsWhatItWrote()
    {
        RunRecord read = RunRecordJson.Parse(Written);

        Assert.Equal(new[] { "node", "simple" }, read.Folders.Keys);
        Assert.Equal(new PassedColumns(Typed: false, TorchFree: false, Raw: true), read.Folders["node"].Results["test_cast_STRING_to_FLOAT"]);
        Assert.Equal(Written, RunRecordJson.Write(read));
    }

    [Theory]
    [InlineData("""{ "node": { "Tests": 1, "typed": 1, "torch-free": 1, "raw": 1, "results": { "test_abs": "typed torch-free raw" } } }""", "'node' has the unknown key 'Tests'")]
    [InlineData("""{ "node": { "tests": 1, "typed": 1, "torch-free": 1, "raw": 1 } }""", "'node' has no 'results'")]
    [InlineData("""{ "node": { "tests": 1, "typed": 51, "torch-free": 1, "raw": 1, "results": { "test_abs": "typed torch-free raw" } } }""", "'node.typed' is 51, but its results list 1 typed passes")]
    [InlineData("""{ "node": { "tests": 1, "typed": 1, "torch-free": 0, "raw": 1, "results": { "test_abs": "typed torch-free raw" } } }""", "'node.torch-free' is 0, but its results list 1 torch-free passes")]
    [InlineData("""{ "node": { "tests": 2, "typed": 1, "torch-free": 1, "raw": 1, "results": { "test_abs": "typed torch-free raw" } } }""", "'node.tests' is 2, but its results list 1 tests")]
    [InlineData("""{ "node": { "tests": 1, "typed": 1, "torch-free": 1, "raw": 1, "results": { "test_abs": "passed" } } }""", "'node.results.test_abs': 'passed' is not a result")]
    [InlineData("""{ "node": { "tests": 1, "typed": 1, "torch-free": 1, "raw": 1, "results": { "test_abs": "typed torch-free raw", "test_abs": "none" } } }""", "has the key 'test_abs' twice")]
    [InlineData("""{ "node": { "tests": 0, "typed": 0, "torch-free": 0, "raw": 0, "results": {} }, "node": { "tests": 0, "typed": 0, "torch-free": 0, "raw": 0, "results": {} } }""", "the file has the key 'node' twice")]
    [InlineData("""{ "total": 3 }""", "'total' is not a JSON object")]
    [InlineData("""[]""", "the file is not a JSON object")]
    [InlineData("""{ "node": """, "not valid JSON")]
    // A record from before the torch-free column.
    [InlineData("""{ "node": { "tests": 1, "typed": 1, "raw": 1, "results": { "test_abs": "typed raw" } } }""", "'node' has no 'torch-free' (a record from before the torch-free column: re-record it with --record-totals)")]
    public void RejectsAFileTheGateCouldMisread(string json, string message)
    {
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => RunRecordJson.Parse(json));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("typed torch-free raw", true, true, true)]
    [InlineData("typed raw", true, false, true)]
    [InlineData("torch-free", false, true, false)]
    [InlineData("none", false, false, false)]
    public void ReadsEachResultAndWritesItTheSameWay(string text, bool typed, bool torchFree, bool raw)
    {
        PassedColumns passed = PassedColumns.Parse(text);

        Assert.Equal(new PassedColumns(typed, torchFree, raw), passed);
        Assert.Equal(text, passed.Text);
    }

    [Theory]
    [InlineData("raw typed")]          // out of order: one spelling per result
    [InlineData("typed typed")]
    [InlineData("typed  raw")]
    [InlineData("typed torch-free raw none")]
    [InlineData("torchfree")]
    [InlineData("")]
    public void RejectsAResultWrittenAnotherWay(string text)
    {
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => PassedColumns.Parse(text));
        Assert.Contains($"'{text}' is not a result", e.Message);
    }
}
