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
            "raw": 2,
            "results": {
              "test_abs": "typed raw",
              "test_cast_STRING_to_FLOAT": "raw"
            }
          },
          "simple": {
            "tests": 1,
            "typed": 0,
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
            ("node", Folder(("test_cast_STRING_to_FLOAT", "raw"), ("test_abs", "typed raw"))));

        Assert.Equal(Written, RunRecordJson.Write(record));
    }

    [Fact]
    public void ReadsWhatItWrote()
    {
        RunRecord read = RunRecordJson.Parse(Written);

        Assert.Equal(new[] { "node", "simple" }, read.Folders.Keys);
        Assert.Equal(new PassedColumns(false, true), read.Folders["node"].Results["test_cast_STRING_to_FLOAT"]);
        Assert.Equal(Written, RunRecordJson.Write(read));
    }

    [Theory]
    [InlineData("""{ "node": { "Tests": 1, "typed": 1, "raw": 1, "results": { "test_abs": "typed raw" } } }""", "'node' has the unknown key 'Tests'")]
    [InlineData("""{ "node": { "tests": 1, "typed": 1, "raw": 1 } }""", "'node' has no 'results'")]
    [InlineData("""{ "node": { "tests": 1, "typed": 51, "raw": 1, "results": { "test_abs": "typed raw" } } }""", "'node.typed' is 51, but its results list 1 typed passes")]
    [InlineData("""{ "node": { "tests": 2, "typed": 1, "raw": 1, "results": { "test_abs": "typed raw" } } }""", "'node.tests' is 2, but its results list 1 tests")]
    [InlineData("""{ "node": { "tests": 1, "typed": 1, "raw": 1, "results": { "test_abs": "passed" } } }""", "'node.results.test_abs': 'passed' is not a result")]
    [InlineData("""{ "node": { "tests": 1, "typed": 1, "raw": 1, "results": { "test_abs": "typed raw", "test_abs": "none" } } }""", "has the key 'test_abs' twice")]
    [InlineData("""{ "node": { "tests": 0, "typed": 0, "raw": 0, "results": {} }, "node": { "tests": 0, "typed": 0, "raw": 0, "results": {} } }""", "the file has the key 'node' twice")]
    [InlineData("""{ "total": 3 }""", "'total' is not a JSON object")]
    [InlineData("""[]""", "the file is not a JSON object")]
    [InlineData("""{ "node": """, "not valid JSON")]
    public void RejectsAFileTheGateCouldMisread(string json, string message)
    {
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => RunRecordJson.Parse(json));
        Assert.Contains(message, e.Message);
    }
}
